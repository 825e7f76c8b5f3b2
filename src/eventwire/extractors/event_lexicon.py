"""The event lexicon: verb and noun triggers mapped to a PLOVER type, a CAMEO code and a PLOVER mode.

Written from the PLOVER codebook and the CAMEO 2021 conversion table (types follow PLOVER, codes
follow CAMEO). Entries are (type, cameo, mode, confidence); the confidence says how often the word
means that event type in news text, not how sure a given sentence is.
"""
from __future__ import annotations

from typing import NamedTuple


class Sense(NamedTuple):
    type: str
    cameo: str
    mode: str | None = None
    conf: float = 0.8


def _s(type_: str, cameo: str, mode: str | None = None, conf: float = 0.8) -> Sense:
    return Sense(type_, cameo, mode, conf)


# -- verbs (by lemma) ---------------------------------------------------------------------------
VERBS: dict[str, Sense] = {}


def _add(table: dict, words: str, sense: Sense) -> None:
    for w in words.split(","):
        w = w.strip()
        if w:
            table[w] = sense


_add(VERBS, "agree,accept,pledge,promise,commit,undertake", _s("AGREE", "030"))
_add(VERBS, "offer,propose", _s("AGREE", "030", conf=0.7))
_add(VERBS, "sign,ratify,conclude,ink", _s("SUPPORT", "057", conf=0.75))
_add(VERBS, "settle,reconcile", _s("AGREE", "037", conf=0.6))
_add(VERBS, "meet,negotiate,discuss,consult,confer", _s("CONSULT", "040"))
_add(VERBS, "talk", _s("CONSULT", "040", conf=0.6))
_add(VERBS, "visit,tour", _s("CONSULT", "042", "visit"))
_add(VERBS, "host,receive", _s("CONSULT", "043", "host", 0.6))
_add(VERBS, "mediate,broker", _s("CONSULT", "045"))
_add(VERBS, "phone,telephone", _s("CONSULT", "041", "phone"))
_add(VERBS, "praise,endorse,hail,commend,applaud,laud,congratulate,thank,welcome,salute,"
            "back,support,champion,embrace", _s("SUPPORT", "051", conf=0.75))
_add(VERBS, "defend,justify", _s("SUPPORT", "052", conf=0.7))
_add(VERBS, "recognize,recognise", _s("SUPPORT", "054", conf=0.6))
_add(VERBS, "apologize,apologise", _s("SUPPORT", "055"))
_add(VERBS, "forgive", _s("SUPPORT", "056"))
_add(VERBS, "cooperate,collaborate,partner,coordinate", _s("COOPERATE", "060"))
_add(VERBS, "share", _s("COOPERATE", "064", conf=0.6))
_add(VERBS, "extradite", _s("COOPERATE", "063"))
_add(VERBS, "train", _s("COOPERATE", "062", conf=0.5))
_add(VERBS, "aid,assist,help", _s("AID", "070", conf=0.65))
_add(VERBS, "donate,fund,finance,supply,resupply,contribute,allocate,disburse,earmark,bankroll,subsidize,subsidise", _s("AID", "071", conf=0.75))
_add(VERBS, "rescue,evacuate", _s("AID", "073", conf=0.6))
_add(VERBS, "concede,yield,relent,capitulate,accede,comply", _s("CONCEDE", "080"))
_add(VERBS, "ease,relax,loosen", _s("CONCEDE", "081", conf=0.6))
_add(VERBS, "pardon,amnesty", _s("CONCEDE", "081"))
_add(VERBS, "reinstate,restore", _s("CONCEDE", "083", conf=0.5))
_add(VERBS, "abandon,drop", _s("CONCEDE", "0832", conf=0.55))
_add(VERBS, "release,free,liberate,unfreeze", _s("RETREAT", "0841", "release"))
_add(VERBS, "return,repatriate", _s("RETREAT", "0842", "return", 0.5))
_add(VERBS, "withdraw,retreat,evacuate", _s("RETREAT", "087", "withdraw", 0.8))
_add(VERBS, "surrender,disarm,demobilize,demobilise", _s("RETREAT", "0874", "disarm"))
_add(VERBS, "resign,quit,cede", _s("RETREAT", "084", conf=0.6))
_add(VERBS, "demand,request,ask,urge,appeal,press,implore,beg,plead,petition,insist,pressure,pressurize,pressurise",
     _s("REQUEST", "100", conf=0.8))
_add(VERBS, "advocate,seek,invite,lobby,push,encourage", _s("REQUEST", "020", conf=0.6))
_add(VERBS, "order,instruct,direct", _s("REQUEST", "100", conf=0.5))
_add(VERBS, "accuse,blame,allege,fault,charge_with", _s("ACCUSE", "112"))
_add(VERBS, "criticize,criticise,condemn,denounce,slam,decry,lambaste,rebuke,censure,deplore,"
            "castigate,chastise,blast,berate,scold,disparage,attack_verbally,mock,insult,"
            "disapprove,question,dispute,object,complain,protest_official,regret",
     _s("ACCUSE", "111"))
_add(VERBS, "sue", _s("ACCUSE", "115"))
_add(VERBS, "charge", _s("ACCUSE", "1121", conf=0.7))
_add(VERBS, "challenge,contest,rebut", _s("ACCUSE", "110", conf=0.6))
_add(VERBS, "summon", _s("ACCUSE", "114", conf=0.6))
_add(VERBS, "lift,scrap,rescind,repeal,overturn_rule", _s("CONCEDE", "081", conf=0.6))
_add(VERBS, "overturn,annul,invalidate,quash", _s("REJECT", "120", conf=0.6))
_add(VERBS, "convict", _s("ACCUSE", "116"))
_add(VERBS, "investigate,probe,examine,scrutinize,interrogate,audit", _s("ACCUSE", "090", "investigate"))
_add(VERBS, "reject,refuse,decline,rebuff,spurn,dismiss,repudiate,deny,disavow,oppose,"
            "resist,defy,renege,snub,disregard,ignore,revoke", _s("REJECT", "120", conf=0.75))
_add(VERBS, "veto,block,obstruct_vote", _s("REJECT", "129", conf=0.7))
_add(VERBS, "threaten,menace,intimidate", _s("THREATEN", "130"))
_add(VERBS, "warn", _s("THREATEN", "130", conf=0.55))
_add(VERBS, "protest,demonstrate,rally,march,picket", _s("PROTEST", "141", "demo", 0.75))
_add(VERBS, "riot,loot", _s("PROTEST", "145", "riot"))
_add(VERBS, "boycott", _s("PROTEST", "143", "boycott", 0.7))
_add(VERBS, "sanction,embargo", _s("SANCTION", "163", "restrict"))
_add(VERBS, "expel", _s("SANCTION", "166", "expel", 0.6))
_add(VERBS, "suspend,halt,cut,freeze,withhold,terminate,cancel,sever,downgrade,curtail,reduce",
     _s("SANCTION", "160", conf=0.55))
_add(VERBS, "recall", _s("SANCTION", "161", "withdraw", 0.5))
_add(VERBS, "mobilize,mobilise,deploy,station,mass,dispatch,reinforce,send_troops", _s("MOBILIZE", "154", "troops", 0.75))
_add(VERBS, "patrol,drill", _s("MOBILIZE", "150", conf=0.6))
_add(VERBS, "arrest,detain,jail,imprison,incarcerate,apprehend,capture,nab,round_up,intern",
     _s("COERCE", "173", "arrest", 0.85))
_add(VERBS, "sentence,indict,prosecute,fine,convict_coerce", _s("COERCE", "173", "arrest", 0.7))
_add(VERBS, "deport,evict,expel_person,banish,exile", _s("COERCE", "174", "deport"))
_add(VERBS, "seize,confiscate,impound,expropriate,nationalize,nationalise", _s("COERCE", "171", "seize"))
_add(VERBS, "ban,outlaw,prohibit,bar,forbid,proscribe,dissolve", _s("COERCE", "1722", "ban", 0.7))
_add(VERBS, "censor,silence,gag", _s("COERCE", "1721", "censor"))
_add(VERBS, "restrict,curb,limit", _s("COERCE", "172", "restrict", 0.55))
_add(VERBS, "occupy,annex", _s("COERCE", "192", "seize", 0.75))
_add(VERBS, "blockade,besiege", _s("COERCE", "191", "restrict"))
_add(VERBS, "raid,search", _s("COERCE", "170", conf=0.55))
_add(VERBS, "attack,assault,invade,storm,ambush,raid_mil,hit,target,strike,fight,battle,clash,"
            "overrun,pound,engage", _s("ASSAULT", "190", conf=0.75))
_add(VERBS, "kill,murder,slay,execute,behead,lynch,wound,injure,maim,stab", _s("ASSAULT", "1823", conf=0.8))
_add(VERBS, "shoot,gun,fire,snipe", _s("ASSAULT", "193", "firearms", 0.7))
_add(VERBS, "shell,bombard,rocket", _s("ASSAULT", "194", "heavy-weapons"))
_add(VERBS, "bomb,airstrike,strafe,torpedo", _s("ASSAULT", "195", "heavy-weapons"))
_add(VERBS, "massacre,slaughter,exterminate", _s("ASSAULT", "202", "massacre"))
_add(VERBS, "assassinate", _s("ASSAULT", "186", "assassinate"))
_add(VERBS, "torture", _s("ASSAULT", "1822", "torture"))
_add(VERBS, "beat,batter,abuse", _s("ASSAULT", "182", "beat", 0.6))
_add(VERBS, "rape", _s("ASSAULT", "1821", "sexual"))
_add(VERBS, "abduct,kidnap,hijack", _s("ASSAULT", "181", "abduct"))
_add(VERBS, "destroy,demolish,raze,torch,burn,vandalize", _s("ASSAULT", "1712", conf=0.6))
_add(VERBS, "explode,detonate", _s("ASSAULT", "183", "explosives", 0.7))

# verb + particle or preposition, keyed "lemma particle"
PHRASAL: dict[str, Sense] = {
    "call for": _s("REQUEST", "020"), "call on": _s("REQUEST", "020"), "call upon": _s("REQUEST", "020"),
    "push for": _s("REQUEST", "020", conf=0.7), "ask for": _s("REQUEST", "100"),
    "appeal for": _s("REQUEST", "020"), "press for": _s("REQUEST", "100"),
    "pull out": _s("RETREAT", "087", "withdraw"), "pull back": _s("RETREAT", "087", "withdraw"),
    "hand over": _s("RETREAT", "0842", "return", 0.7), "give up": _s("CONCEDE", "080", conf=0.6),
    "back down": _s("CONCEDE", "080"), "step down": _s("RETREAT", "084"), "let go": _s("RETREAT", "0841", "release"),
    "set free": _s("RETREAT", "0841", "release"), "stand down": _s("RETREAT", "0874", "disarm"),
    "lay down": _s("RETREAT", "0874", "disarm", 0.5),
    "crack down": _s("COERCE", "175"), "round up": _s("COERCE", "173", "arrest"),
    "lock up": _s("COERCE", "173", "arrest"), "shut down": _s("COERCE", "172", "restrict", 0.6),
    "close down": _s("COERCE", "172", "restrict", 0.6),
    "lash out": _s("ACCUSE", "111"), "speak out": _s("ACCUSE", "111", conf=0.5),
    "open fire": _s("ASSAULT", "193", "firearms"), "shoot down": _s("ASSAULT", "195", "heavy-weapons"),
    "blow up": _s("ASSAULT", "183", "explosives"), "gun down": _s("ASSAULT", "193", "firearms"),
    "cut off": _s("SANCTION", "160", conf=0.6), "walk out": _s("SANCTION", "164", conf=0.6),
    "stand by": _s("SUPPORT", "052", conf=0.6), "side with": _s("SUPPORT", "051", conf=0.6),
    "sit down": _s("CONSULT", "046", conf=0.4), "meet with": _s("CONSULT", "040"),
    "talk with": _s("CONSULT", "040"), "speak with": _s("CONSULT", "041", conf=0.6),
    "speak to": _s("CONSULT", "041", conf=0.5), "confer with": _s("CONSULT", "040"),
    "agree on": _s("AGREE", "030"), "agree to": _s("AGREE", "030"), "agree upon": _s("AGREE", "030"),
    "turn down": _s("REJECT", "120"), "strike down": _s("REJECT", "120"), "call off": _s("SANCTION", "160", conf=0.6), "break off": _s("SANCTION", "160", conf=0.7), "rule out": _s("REJECT", "120"), "walk away": _s("REJECT", "127", conf=0.6),
    "pull funding": _s("SANCTION", "162"), "go on": _s("PROTEST", "143", "boycott", 0.3),
    "take to": _s("PROTEST", "141", "demo", 0.3), "rise up": _s("PROTEST", "145", "riot", 0.6),
}

# -- nouns (by lemma) ---------------------------------------------------------------------------
NOUNS: dict[str, Sense] = {}
_add(NOUNS, "agreement,deal,accord,treaty,pact,truce,armistice,compromise,settlement,understanding",
     _s("AGREE", "030", conf=0.6))
_add(NOUNS, "offer,proposal,promise,pledge,commitment,initiative,plan", _s("AGREE", "030", conf=0.6))
_add(NOUNS, "talk,negotiation,meeting,summit,discussion,consultation,dialogue,conference,visit,"
            "session", _s("CONSULT", "040", conf=0.65))
_add(NOUNS, "call", _s("CONSULT", "041", "phone", 0.3))
_add(NOUNS, "mediation", _s("CONSULT", "045"))
_add(NOUNS, "support,endorsement,praise,backing,solidarity,recognition,apology,congratulation,"
            "gratitude,appreciation", _s("SUPPORT", "051", conf=0.6))
_add(NOUNS, "cooperation,collaboration,partnership,alliance,extradition", _s("COOPERATE", "060", conf=0.6))
_add(NOUNS, "evidence,intelligence,information", _s("COOPERATE", "064", conf=0.3))
_add(NOUNS, "aid,assistance,help,donation,loan,funding,grant,relief,supply,weapon,arm,equipment,"
            "asylum,money,package,guarantee,vaccine,food,medicine,fund", _s("AID", "070", conf=0.6))
_add(NOUNS, "concession,pardon,amnesty,reprieve,clemency", _s("CONCEDE", "081", conf=0.7))
_add(NOUNS, "release,freedom,exchange,swap,repatriation", _s("RETREAT", "0841", "release", 0.6))
_add(NOUNS, "withdrawal,pullout,retreat,surrender,evacuation,disarmament,demobilization,resignation",
     _s("RETREAT", "087", "withdraw", 0.65))
_add(NOUNS, "ceasefire,cease-fire,pause,lull,respite,truce_pause", _s("RETREAT", "0871", "ceasefire", 0.4))
_add(NOUNS, "cessation", _s("RETREAT", "0871", "ceasefire", 0.6))
_add(NOUNS, "permission,clearance,go-ahead", _s("CONCEDE", "080", conf=0.55))
_add(NOUNS, "access,entry", _s("RETREAT", "086", "access", 0.45))
_add(NOUNS, "demand,request,appeal,plea,call_for,ultimatum_request", _s("REQUEST", "100", conf=0.65))
_add(NOUNS, "accusation,allegation,criticism,condemnation,complaint,lawsuit,suit,charge,claim,"
            "indictment,verdict,conviction,censure,rebuke", _s("ACCUSE", "112", conf=0.6))
_add(NOUNS, "investigation,probe,inquiry,enquiry,audit", _s("ACCUSE", "090", "investigate", 0.65))
_add(NOUNS, "rejection,refusal,veto,denial,boycott_vote", _s("REJECT", "120", conf=0.6))
_add(NOUNS, "opposition,concern,outrage,displeasure,disapproval,dismay,anger,objection", _s("ACCUSE", "110", conf=0.5))
_add(NOUNS, "threat,ultimatum,warning", _s("THREATEN", "130", conf=0.65))
_add(NOUNS, "deadline", _s("THREATEN", "139", conf=0.6))
_add(NOUNS, "protest,demonstration,rally,march,strike,sit-in,walkout,picket,uprising,riot,unrest",
     _s("PROTEST", "141", "demo", 0.65))
_add(NOUNS, "boycott", _s("PROTEST", "143", "boycott", 0.6))
_add(NOUNS, "suspension,freeze,cut,cutoff", _s("SANCTION", "160", conf=0.5))
_add(NOUNS, "sanction,embargo,tariff", _s("COERCE", "163", "restrict", 0.65))
_add(NOUNS, "deployment,mobilization,mobilisation,buildup,build-up,drill,exercise,maneuver,manoeuvre,"
            "reinforcement,game", _s("MOBILIZE", "154", "troops", 0.55))
_add(NOUNS, "arrest,detention,custody,imprisonment,sentence,crackdown,prosecution,deportation,"
            "expulsion,ban,curfew,blockade,seizure,occupation,raid,siege,annexation,restriction",
     _s("COERCE", "173", "arrest", 0.6))
_add(NOUNS, "attack,assault,airstrike,bombing,shelling,explosion,blast,ambush,massacre,"
            "killing,murder,assassination,offensive,invasion,fighting,clash,battle,shooting,"
            "bombardment,incursion,kidnapping,abduction,hijacking,torture,aggression,operation,war,"
            "onslaught,violence,firing,fire,barrage,execution,beheading,stabbing,warfare,"
            "cyberattack,cyber-attack,hack,hacking,sabotage,bombardment,rampage",
     _s("ASSAULT", "190", conf=0.6))

# refinements for nouns whose CAMEO code differs from the type default
NOUN_CODES = {
    "visit": ("042", "visit"), "summit": ("040", None), "negotiation": ("046", None),
    "extradition": ("063", None), "asylum": ("075", "asylum"), "pardon": ("081", None),
    "withdrawal": ("087", "withdraw"), "surrender": ("0874", "disarm"), "lawsuit": ("115", None),
    "suit": ("115", None), "verdict": ("116", None), "conviction": ("116", None),
    "criticism": ("111", None), "condemnation": ("111", None), "complaint": ("114", None),
    "veto": ("129", None), "ultimatum": ("139", None), "deadline": ("139", None), "strike": ("143", "boycott"),
    "riot": ("145", "riot"), "unrest": ("145", "riot"), "sit-in": ("144", "obstruct"),
    "deportation": ("174", "deport"), "expulsion": ("174", "deport"), "ban": ("1722", "ban"),
    "curfew": ("1723", "curfew"), "blockade": ("191", "restrict"), "seizure": ("171", "seize"),
    "occupation": ("192", "seize"), "siege": ("191", "restrict"), "annexation": ("192", "seize"),
    "restriction": ("172", "restrict"), "raid": ("170", None), "crackdown": ("175", None),
    "airstrike": ("195", "heavy-weapons"), "bombing": ("183", "explosives"),
    "explosion": ("183", "explosives"), "blast": ("183", "explosives"), "shelling": ("194", "heavy-weapons"),
    "massacre": ("202", "massacre"), "assassination": ("186", "assassinate"),
    "kidnapping": ("181", "abduct"), "abduction": ("181", "abduct"), "hijacking": ("181", "abduct"),
    "torture": ("1822", "torture"), "shooting": ("193", "firearms"), "killing": ("1823", None),
    "murder": ("1823", None), "execution": ("1823", None), "drill": ("152", "troops"),
    "exercise": ("152", "troops"), "game": ("152", "troops"), "maneuver": ("152", "troops"),
    "exchange": ("0841", "release"), "swap": ("0841", "release"), "ceasefire": ("0871", "ceasefire"),
}

# compounds that change a noun's meaning ("hunger strike", "air strike", "peace talks")
COMPOUND_SENSES = {
    ("hunger", "strike"): _s("PROTEST", "142", "hunger", 0.85),
    ("general", "strike"): _s("PROTEST", "143", "boycott", 0.8),
    ("air", "strike"): _s("ASSAULT", "195", "heavy-weapons", 0.85),
    ("drone", "strike"): _s("ASSAULT", "195", "heavy-weapons", 0.85),
    ("missile", "strike"): _s("ASSAULT", "195", "heavy-weapons", 0.85),
    ("military", "strike"): _s("ASSAULT", "190", conf=0.8),
    ("war", "game"): _s("MOBILIZE", "152", "troops", 0.8),
    ("military", "exercise"): _s("MOBILIZE", "152", "troops", 0.8),
    ("military", "drill"): _s("MOBILIZE", "152", "troops", 0.8),
    ("military", "aid"): _s("AID", "072", conf=0.8),
    ("humanitarian", "aid"): _s("AID", "073", "humanitarian", 0.8),
    ("economic", "aid"): _s("AID", "071", conf=0.8),
    ("peace", "talk"): _s("CONSULT", "046", conf=0.8),
    ("phone", "call"): _s("CONSULT", "041", "phone", 0.8),
    ("telephone", "call"): _s("CONSULT", "041", "phone", 0.8),
    ("prisoner", "exchange"): _s("RETREAT", "0841", "release", 0.75),
    ("prisoner", "swap"): _s("RETREAT", "0841", "release", 0.75),
    ("travel", "ban"): _s("COERCE", "172", "restrict", 0.7),
    ("state", "emergency"): _s("COERCE", "1724", "martial-law", 0.7),
    ("martial", "law"): _s("COERCE", "1724", "martial-law", 0.8),
    ("chemical", "attack"): _s("ASSAULT", "2041", "unconventional", 0.85),
    ("military", "operation"): _s("ASSAULT", "190", conf=0.7),
    ("military", "offensive"): _s("ASSAULT", "190", conf=0.8),
    ("suicide", "bombing"): _s("ASSAULT", "1831", "suicide-attack", 0.85),
    ("car", "bombing"): _s("ASSAULT", "1832", "explosives", 0.85),
    ("car", "bomb"): _s("ASSAULT", "1832", "explosives", 0.85),
}

# nouns that are events only with a compound or an argument naming them so
WEAK_NOUNS = {"call", "evidence", "intelligence", "information", "fire", "operation", "plan",
              "package", "supply", "weapon", "arm", "equipment", "money", "guarantee", "vaccine",
              "food", "medicine", "fund", "game", "exercise", "session", "claim", "charge",
              "freedom", "violence", "war", "opposition", "help", "support", "understanding",
              "initiative", "march", "firing", "freeze", "release", "exchange", "ceasefire",
              "cease-fire", "concern", "outrage", "displeasure", "anger", "dismay", "cut", "sentence", "custody", "tariff", "grant", "relief",
              "order", "pause", "lull", "respite", "deadline", "permission", "clearance", "access", "entry",
              "warfare", "hack", "hacking"}

# verbs that are events only with an object or a target ("warned X", not "warned that ...")
NEEDS_OBJECT = {"allege", "complain", "regret", "question", "warn", "deny", "claim", "protest", "object",
                "dispute", "help", "back", "support", "return", "train", "share", "receive", "host",
                "search", "fire", "cut", "reduce", "limit", "drop", "hit", "engage", "target", "order",
                "ease", "relax", "loosen", "restore", "free", "march", "rally", "fight", "execute",
                "decline", "return"}
# what is released or issued when it is no one's freedom ("released a report")
PUBLICATIONS = {"report", "statement", "poll", "survey", "study", "data", "figure", "video", "footage",
                "document", "record", "list", "album", "film", "book", "result", "detail", "transcript",
                "memo", "letter", "image", "photo", "picture", "version", "update", "plan", "budget", "number",
                "information", "evidence", "finding", "analysis", "guidance", "guideline", "estimate"}

# predicates that say an event noun happens: "the exchange will take place", "talks began",
# "the vote was held"; tense and modality ("expected to", "will") are the resolvers' business
OCCUR_VERBS = {"happen", "occur", "begin", "start", "resume", "commence", "restart", "recommence",
               "continue", "proceed", "unfold"}
# nouns naming a part of an event: "the first phase of the exchange", "a new round of talks"
PART_NOUNS = {"phase", "stage", "part", "round", "leg", "wave", "batch", "step", "portion", "tranche"}
# weak nouns that are events when they happen ("the exchange took place", "the war began")
OCCURRING_WEAK = {"exchange", "release", "ceasefire", "cease-fire", "pause", "lull", "war", "call",
                  "march", "firing", "hacking", "hack"}

# -- syntactic classes of verbs -------------------------------------------------------------------
# a light verb takes its event type from its object noun ("launched an attack", "imposed sanctions")
LIGHT_VERBS = {"launch", "carry", "conduct", "stage", "hold", "make", "file", "lodge", "issue", "take",
               "impose", "announce", "begin", "start", "continue", "resume", "mount", "deliver", "reach",
               "strike", "seal", "express", "voice", "extend", "provide", "give", "send", "level",
               "bring", "open", "present", "submit", "put", "unveil", "declare", "initiate", "pass",
               "adopt", "approve", "grant", "offer", "lend", "pledge", "order", "call", "go", "organize",
               "organise", "lead", "step", "intensify", "escalate", "renew", "host", "join", "do",
               "attend", "perform", "undertake", "effect", "finalize", "finalise",
               "conclude", "complete", "broker", "sign", "accept", "set", "commit", "receive", "win",
               "secure", "unleash", "wage", "orchestrate", "prolong", "maintain", "tighten", "support", "back", "seek", "deploy", "dispatch"}
# the light verb's own meaning wins over weak nouns: "sign a deal" is AGREE, "give evidence" not AID
LIGHT_OWN_TYPE = {"sign", "accept", "broker", "approve", "pledge", "offer", "support", "back", "seek",
                  "win", "receive", "host", "order", "commit"}

# governors whose complement is what they are about ("refused to release", "agreed to withdraw")
INTENT = {"agree", "offer", "promise", "pledge", "commit", "vow", "undertake", "propose", "accept",
          "consent", "volunteer", "ready", "willing", "prepared", "eager"}
REFUSAL = {"refuse", "decline", "reject", "deny", "oppose", "resist", "rule out", "turn down", "veto",
           "block", "dismiss", "rebuff", "unwilling", "reluctant"}
THREAT = {"threaten", "warn", "vow_threat"}
ASKING = {"demand", "request", "ask", "urge", "appeal", "press", "implore", "beg", "plead", "call for",
          "call on", "call upon", "push", "push for", "advocate", "seek", "insist", "invite", "encourage",
          "lobby", "petition", "appeal for", "press for", "ask for", "pressure", "pressurize", "pressurise"}
# nouns of people given refuge: accepting or taking them in is aid (asylum, CAMEO 075)
REFUGE_NOUNS = {"refugee", "migrant", "asylum", "asylum-seeker", "seeker", "evacuee", "displaced"}
# what money or goods handed over make aid
AID_GOODS = {"equipment", "medicine", "vaccine", "food", "supply", "shelter", "material", "ventilator",
             "tent", "fund", "funding", "grant", "loan", "money", "assistance", "aid", "donation", "vehicle"}
BUILDUP_VERBS = {"strengthen", "boost", "bolster", "beef", "increase", "intensify", "reinforce", "build",
                 "expand", "step", "double", "triple", "mass"}
FORCE_NOUNS = {"force", "troop", "presence", "military", "army", "deployment", "security", "patrol",
               "soldier", "contingent", "unit", "brigade", "battalion"}
MODAL_DEMAND = {"must", "should"}
# commands take the commanded act's type ("the court ordered the arrest" is the court's COERCE)
COMMANDING = {"order", "instruct", "direct", "command", "authorize", "authorise", "approve"}
# what withdrawing or recalling these means: reducing relations (SANCTION), not a military retreat
WITHDRAWN_RELATIONS = {"ambassador": "161", "envoy": "161", "diplomat": "161", "embassy": "161",
                       "peacekeeper": "1661", "inspector": "1662", "observer": "1662", "monitor": "1662",
                       "funding": "162", "aid": "162", "support": "160", "recognition": "161",
                       "mission": "166", "staff": "166", "investment": "160", "membership": "160"}
# ending or easing: the object's type decides ("lifted sanctions" yields, "ended talks" sanctions)
HALTING = {"end", "halt", "suspend", "stop", "cancel", "terminate", "break off", "call off", "abandon",
           "freeze", "cut", "cease", "scrap", "withhold", "quit", "lift", "ease", "remove", "relax",
           "loosen", "rescind", "repeal", "withdraw", "pull", "drop", "reduce", "postpone", "delay"}
ACCUSING = {"accuse", "blame", "condemn", "criticize", "criticise", "denounce", "charge", "allege",
            "slam", "fault", "decry", "lambaste", "rebuke", "censure", "convict", "sue", "indict",
            "investigate", "suspect", "find"}
# transparent verbs: the complement's event is the event ("decided to withdraw", "began attacking")
TRANSPARENT = {"decide", "plan", "begin", "start", "continue", "try", "attempt", "seek", "move",
               "want", "need", "intend", "prepare", "resume", "go", "help", "hope", "aim", "expect",
               "manage", "proceed", "choose", "opt", "wish", "tend", "be", "have", "keep", "appear",
               "seem", "stop", "cease", "fail", "use", "allow", "let", "make", "able", "likely",
               "set", "due", "poise", "poised", "step", "escalate", "intensify", "resolve", "order",
               "authorize", "authorise", "approve", "vote", "announce", "consider", "mull", "weigh",
               "force", "compel", "enable", "permit"}
# reporting verbs: their complement's event is emitted; the statement extractor handles the cue
REPORTING = {"say", "state", "tell", "report", "announce", "confirm", "indicate", "inform", "add",
             "claim", "insist", "note", "write", "declare", "stress", "explain", "argue", "believe",
             "think", "know", "reveal", "acknowledge", "admit", "assert", "suggest", "show", "learn",
             "hear", "see", "reiterate", "tweet", "quote", "cite", "point", "predict", "fear", "hope"}

# noun heads that can be actors when no named entity is there
ROLE_NOUNS = {
    "government", "administration", "ministry", "minister", "president", "premier", "leader", "leadership",
    "official", "officials", "authority", "authorities", "police", "policeman", "officer", "army",
    "troops", "troop", "force", "forces", "military", "soldier", "soldiers", "militia", "militant",
    "militants", "rebel", "rebels", "insurgent", "insurgents", "fighter", "fighters", "protester",
    "protesters", "demonstrator", "demonstrators", "activist", "activists", "court", "judge", "prosecutor",
    "prosecutors", "parliament", "lawmaker", "lawmakers", "legislator", "senate", "congress", "regime",
    "opposition", "party", "union", "worker", "workers", "student", "students", "citizen", "citizens",
    "civilian", "civilians", "people", "journalist", "journalists", "reporter", "spokesman", "spokeswoman",
    "ambassador", "envoy", "diplomat", "diplomats", "delegation", "negotiator", "negotiators", "king",
    "queen", "prince", "monarch", "cabinet", "council", "agency", "committee", "commission", "group",
    "gunman", "gunmen", "attacker", "attackers", "terrorist", "terrorists", "jihadist", "jihadists",
    "separatist", "separatists", "coalition", "alliance", "country", "countries", "state", "states",
    "nation", "nations", "navy", "guard", "guards", "pilot", "commander", "general", "chief", "mayor",
    "governor", "prisoner", "prisoners", "detainee", "detainees", "hostage", "hostages", "migrant",
    "migrants", "refugee", "refugees", "suspect", "suspects", "member", "members", "company", "firm",
    "organization", "organisation", "tribunal", "watchdog", "inspector", "inspectors", "peacekeeper",
    "peacekeepers", "secretary", "chancellor", "spokesperson", "lawyer", "side", "ally", "allies",
    "neighbor", "neighbour", "bank", "junta", "cartel", "gang", "mob", "crowd", "villager", "villagers",
    "resident", "residents", "clergy", "priest", "bishop", "cleric", "militiaman", "ministry", "office",
    "colleague", "colleagues", "counterpart", "counterparts", "partner", "partners", "donor", "donors",
    "investor", "investors", "voter", "voters", "supporter", "supporters", "critic", "critics", "official",
    "representative", "representatives", "administration", "department", "rebel", "contingent", "delegate",
}
