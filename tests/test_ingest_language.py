"""Articles not in English are recognised (py3langid, its model inside the package) and rejected
before English coding with the reason "language: xx, not English"; English stays English,
however short and however many names it has. Every text here was written for this test."""
from __future__ import annotations

import json

import pytest

from eventwire.errors import ArticleRejected
from eventwire.ingest.language import detect_language, language_rejection
from eventwire.model import Article

FRENCH_WIRE = (
    "MOSCOU (Agence) - Le président russe Vladimir Poutine a rejeté mercredi toute idée de "
    "cessez-le-feu complet avec l'Ukraine. Selon lui, Kiev utiliserait toute trêve pour se "
    "réarmer avec des armes occidentales. Le ministre des Affaires étrangères, Sergueï Lavrov, a "
    "affirmé que l'Ukraine avait refusé une pause de deux à trois jours pour récupérer les corps.")

FRENCH = [
    FRENCH_WIRE,
    "Le Kremlin a refusé jeudi la proposition de trêve.",
    "Poutine accuse l'Ukraine d'avoir fait sauter un pont.",
    "Moscou rejette le cessez-le-feu.",
    "Les deux délégations se sont retrouvées lundi à Istanbul pour un échange de prisonniers.",
]
GERMAN = [
    "Der russische Präsident Wladimir Putin hat am Mittwoch eine vollständige Waffenruhe "
    "abgelehnt. Die Ukraine hatte eine bedingungslose Feuerpause von 30 Tagen gefordert.",
    "Die Regierung lehnt den Vorschlag ab.",
    "Russland weist Waffenruhe zurück",
    "Putin warf der Ukraine vor, Anschläge auf Brücken verübt zu haben.",
]
SPANISH = [
    "El presidente ruso, Vladímir Putin, rechazó el miércoles un alto el fuego total y acusó a "
    "Ucrania de atentados contra puentes y trenes en las regiones fronterizas.",
    "El Gobierno rechaza la propuesta de alto el fuego.",
    "Rusia rechaza el alto el fuego y acusa a Ucrania",
    "Según Lavrov, Ucrania rechazó la tregua de dos o tres días.",
]
ENGLISH = [
    # short, and made mostly of names: a character model alone calls these Swedish, Hungarian,
    # Javanese, Turkish, Finnish, Spanish, German or French
    "Putin meets Erdogan in Ankara.",
    "Zelensky, Macron, Scholz and Meloni met Sánchez in Kyiv.",
    "Kim Jong Un and Xi Jinping met Vladimir Putin, Recep Tayyip Erdogan and Narendra Modi in "
    "Tianjin.",
    "Sánchez, Lula and Milei clash in Buenos Aires",
    "Erdogan hosts Aliyev and Pashinyan",
    "Tsikhanouskaya urged Lukashenko to free Bialiatski.",
    "Kyiv, Kharkiv, Zaporizhzhia, Dnipro and Odesa came under attack.",
    "Mbappé scores as Paris Saint-Germain beat Bayern München",
    "Scholz und Merz",
    "Hamas says Israel killed 12 in Gaza.",
    "Lavrov: Moscow will not back down",
    "Ouattara wins fourth term in Côte d'Ivoire",
    # ordinary wire English, quoting French
    "Russia rejected a full ceasefire on Wednesday, President Vladimir Putin said, while Ukraine "
    "had called for an unconditional 30-day truce at the talks in Istanbul on Monday.",
    "French President Emmanuel Macron said the plan was \"une étape importante\" and that "
    "France would send observers to the Zaporizhzhia nuclear power plant next week.",
    # English with UTF-8 read as Windows-1252 ("Obamaâ€™s")
    "Democrats shrug off Republicansâ€™ â€˜fiscal cliffâ€™ counter",
]


@pytest.mark.parametrize("lang,text", [("fr", t) for t in FRENCH] + [("de", t) for t in GERMAN]
                         + [("es", t) for t in SPANISH])
def test_french_german_spanish_are_recognised(lang, text):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ENGLISH)
def test_english_stays_english_however_short_and_full_of_names(text):
    assert detect_language(text) in ("en", None)
    art = Article(text=text)
    assert language_rejection(art) is None and art.language == "en"


@pytest.mark.parametrize("text,lang", [
    ("Президент России отверг в среду предложение о полном прекращении огня.", "ru"),
    ("رفض الرئيس الروسي يوم الأربعاء اقتراح وقف إطلاق النار الكامل.", "ar"),
    ("俄罗斯总统周三拒绝了全面停火的提议。", "zh"),
])
def test_other_scripts_are_not_english(text, lang):
    assert detect_language(text) == lang


def test_too_little_text_to_tell_is_none():
    for text in ("", "   ", "12 345 67", "Merz trifft Macron.", "OK"):
        assert detect_language(text) is None


def test_rejection_reason_and_the_language_recorded():
    art = Article(text=FRENCH_WIRE)
    assert language_rejection(art) == "language: fr, not English; eventwire codes English news only"
    assert art.language == "fr"


def test_declared_language_counts_when_the_text_cannot_tell():
    art = Article(text="Merz trifft Macron.", language="de")
    assert language_rejection(art).startswith("language: de, not English")
    for declared in ("und", "mul", None):
        assert language_rejection(Article(text="Merz trifft Macron.", language=declared)) is None


def test_the_text_outweighs_a_wrong_declaration():
    english = ENGLISH[12]
    art = Article(text=english, language="fr")
    assert language_rejection(art) is None and art.language == "en"
    wrong = Article(text=FRENCH_WIRE, language="en")
    assert language_rejection(wrong) is not None and wrong.language == "fr"


def test_the_model_is_read_from_the_package_without_a_network(tmp_path):
    """py3langid loads its model from a file inside the package; nothing is fetched."""
    import subprocess
    import sys

    code = ("import socket\n"
            "def no(*a, **k): raise OSError('network used')\n"
            "socket.socket.connect = no; socket.create_connection = no; socket.getaddrinfo = no\n"
            "from eventwire.ingest.language import detect_language\n"
            "print(detect_language('Le Kremlin a refusé jeudi la proposition de trêve.'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "fr"


# --- through the pipeline: kept out of English coding --------------------------------------------

@pytest.mark.model
def test_french_wire_story_is_rejected_not_coded(pipeline):
    import eventwire

    with pytest.raises(ArticleRejected, match=r"language: fr, not English"):
        eventwire.extract(FRENCH_WIRE, published="2025-06-04")
    res = eventwire.extract(ENGLISH[12], published="2025-06-04")
    assert res.article.language == "en"


@pytest.mark.model
def test_ingest_rejects_each_foreign_article_and_stores_the_english(tmp_path, pipeline):
    from click.testing import CliRunner

    from eventwire.cli import cli

    src = tmp_path / "mixed.jsonl"
    rows = [{"id": "fr", "text": FRENCH_WIRE}, {"id": "en", "text": ENGLISH[12]},
            {"id": "de", "text": GERMAN[0]}, {"id": "es", "text": SPANISH[0]},
            {"id": "en-short", "text": ENGLISH[0]}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    db = tmp_path / "s.db"
    res = CliRunner().invoke(cli, ["ingest", str(src), "--db", str(db), "--summary", "json",
                                   "--no-progress"])
    assert res.exit_code == 3, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["stored"] == 2 and summary["rejected"] == 3
    reasons = sorted(r["reason"].split(";")[0] for r in summary["reasons"])
    assert reasons == ["language: de, not English", "language: es, not English",
                       "language: fr, not English"]
    import sqlite3

    c = sqlite3.connect(db)
    assert sorted(c.execute("SELECT ref, language FROM articles")) == [("en", "en"),
                                                                       ("en-short", "en")]
