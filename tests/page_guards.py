"""What the page's safety rests on, written out in full for the tests to compare against (not
imported from the application, so that a change there shows here): the security headers of
every response, a check of the page's script for every way of writing markup, and the traps a
browser test installs to catch markup written at run time."""
from __future__ import annotations

import re

# The whole policy, directive by directive: one more source ('unsafe-inline', a host) or one
# directive less (object-src, frame-ancestors) fails.
CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


def parse_csp(value: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            if words[0].lower() in out:
                out[words[0].lower() + " (again)"] = words[1:]
            else:
                out[words[0].lower()] = words[1:]
    return out


def header_problems(headers) -> list[str]:
    """What differs from the expected security headers (empty: all as expected)."""
    problems = []
    values = headers.get_list("content-security-policy") if hasattr(headers, "get_list") else \
        [headers.get("content-security-policy")]
    if len(values) != 1 or values[0] is None:
        problems.append(f"content-security-policy: expected one header, got {values}")
    else:
        got = parse_csp(values[0])
        for name in sorted(set(got) | set(CSP)):
            if got.get(name) != CSP.get(name):
                problems.append(f"content-security-policy {name}: expected {CSP.get(name)}, got {got.get(name)}")
    for name, want in HEADERS.items():
        if headers.get(name) != want:
            problems.append(f"{name}: expected {want!r}, got {headers.get(name)!r}")
    return problems


# --- the page's script -------------------------------------------------------------------------

# sinks that parse a string as markup or code, and the helpers that hide a name from a search
SINKS = ("innerHTML", "outerHTML", "insertAdjacentHTML", "setHTMLUnsafe", "createContextualFragment",
         "parseFromString", "srcdoc", "document.write", "writeln", "execCommand", "eval", "Function",
         "setTimeout", "setInterval", "importScripts")
HIDERS = ("fromCharCode", "fromCodePoint", "atob", "unescape", "Reflect", "defineProperty",
          "__proto__", "constructor")
_LITERAL = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|`(?:[^`\\]|\\.)*`", re.S)
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|.)", re.S)
_CONCAT = re.compile(r"""(['"`])\s*\+\s*(['"`])""")


def _decode(body: str) -> str:
    def one(m: re.Match) -> str:
        e = m.group(1)
        if e[0] == "x":
            return chr(int(e[1:], 16))
        if e[0] == "u":
            return chr(int(e[1:].strip("{}"), 16))
        return {"n": "\n", "t": "\t", "r": "\r"}.get(e, e)

    return _ESCAPE.sub(one, body)


def literals(src: str) -> list[str]:
    """The script's string literals (template parts included), escapes decoded."""
    out = []
    for m in _LITERAL.finditer(src):
        body = m.group(0)[1:-1]
        for part in re.split(r"\$\{[^}]*\}", body) if m.group(0)[0] == "`" else [body]:
            out.append(_decode(part))
    return out


def script_problems(src: str) -> list[str]:
    """Every way the script may write markup or run a string as code, found in its source: a sink
    named outright or through an escape, a name split over literals ("inner" + "HTML"), a literal
    that is a piece of a sink's name (to be joined elsewhere), and the helpers that build a name
    from codes."""
    problems = []
    for sink in SINKS:
        if sink in src:
            problems.append(f"names {sink}")
    if re.search(r"\\u|\\x", re.sub(_LITERAL, "", src)):
        problems.append("escapes outside a string literal")
    folded = _CONCAT.sub("", src)  # "inner" + "HTML" -> "innerHTML"
    lits = literals(src) + literals(folded)
    for lit in lits:
        for sink in SINKS:
            name = sink.rsplit(".", 1)[-1]  # document.write: "write" is what a [...] would name
            if sink in lit or name in lit:
                problems.append(f"a string holds {name}")
            elif len(lit) >= 3 and lit != name and (name.startswith(lit) or name.endswith(lit)):
                problems.append(f"the string {lit!r} may be joined into {name}")
    for name in HIDERS:
        if re.search(r"(?<![\w$])" + re.escape(name) + r"(?![\w$])", src):
            problems.append(f"uses {name}")
    return sorted(set(problems))


# --- run-time traps (a Playwright init script) ---------------------------------------------------

TRAPS = """(() => {
  const hits = [];
  Object.defineProperty(window, "__markupSinks", { value: hits });
  const note = (name) => hits.push(name);
  const setters = [[Element.prototype, "innerHTML"], [Element.prototype, "outerHTML"],
    [ShadowRoot.prototype, "innerHTML"], [HTMLIFrameElement.prototype, "srcdoc"]];
  for (const [proto, prop] of setters) {
    const d = Object.getOwnPropertyDescriptor(proto, prop);
    Object.defineProperty(proto, prop, { get: d.get, configurable: true,
      set(v) { note(prop); return d.set.call(this, v); } });
  }
  const calls = [[Element.prototype, "insertAdjacentHTML"], [Document.prototype, "write"],
    [Document.prototype, "writeln"], [Range.prototype, "createContextualFragment"],
    [DOMParser.prototype, "parseFromString"], [Element.prototype, "setHTMLUnsafe"]];
  // (eval is not trapped: the test driver itself evaluates through it; the policy forbids it
  // to the page: no 'unsafe-eval')
  for (const [obj, fn] of calls) {
    const orig = obj[fn];
    if (typeof orig !== "function") continue;
    obj[fn] = function (...args) { note(fn); return orig.apply(this, args); };
  }
})();"""
