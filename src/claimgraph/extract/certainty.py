"""How sure a statement is: asserted, reported, hedged, speculative or denied.

The label comes from cue words inside the statement's own span (so a hedge in a
neighbouring clause does not leak in) and from the reporting verb that introduces it.
The order of precedence is denied > speculative > hedged > reported > asserted: "officials
said Russia *may* have fired" is speculation on someone's word, and must never be rounded
up to a report of fact.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

# Reporting verbs, by what they say about certainty of the content they introduce.
DENIAL_CUES = frozenset({"deny", "reject", "dismiss", "refute", "rebuff", "disavow", "repudiate", "dispute",
                         "debunk", "rebut"})
SPECULATIVE_CUES = frozenset({"speculate", "fear", "suspect", "wonder", "hypothesize", "hypothesise", "worry"})
HEDGED_CUES = frozenset(
    {"suggest", "believe", "assess", "estimate", "think", "expect", "reckon", "infer", "judge", "presume"}
)
REPORTED_CUES = frozenset(
    {
        "say", "tell", "state", "claim", "reveal", "announce", "report", "add", "note", "warn", "argue",
        "insist", "assert", "allege", "accuse", "confirm", "acknowledge", "indicate", "emphasize",
        "emphasise", "express", "conclude", "find", "show", "write", "explain", "assure", "caution",
        "stress", "contend", "maintain", "predict", "vow", "pledge", "promise", "describe", "admit",
        "concede", "disclose", "testify", "voice", "charge", "declare", "underline", "observe",
        "point", "insinuate", "mention", "recount", "remark", "reiterate", "repeat",
    }
)
ALL_CUES = DENIAL_CUES | SPECULATIVE_CUES | HEDGED_CUES | REPORTED_CUES

SPECULATIVE_WORDS = frozenset(
    {
        "may", "might", "could", "possibly", "possible", "potential", "potentially", "perhaps",
        "speculate", "speculation", "speculative", "suspected", "uncertain", "unclear", "unconfirmed",
        "conceivably", "maybe", "whether", "unknown", "rumor", "rumour", "rumoured", "rumored",
    }
)
HEDGED_WORDS = frozenset(
    {
        "likely", "probably", "probable", "apparently", "appear", "appears", "appeared", "seem",
        "seems", "seemed", "presumably", "suggest", "suggests", "suggested", "assessed", "believed",
        "thought", "reckoned", "estimated", "expected", "allegedly", "alleged", "purportedly",
        "purported", "indications", "assess", "presumed",
    }
)
REPORTED_WORDS = frozenset({"reportedly", "according", "reports", "reported"})
DENIAL_PHRASES = (("no", "evidence"), ("not", "true"), ("no", "proof"), ("no", "indication"), ("no", "sign"),
                  ("no", "information", "to", "suggest"), ("baseless",), ("fabrication",),
                  ("untrue",), ("groundless",), ("unfounded",), ("inaccurate",), ("false",))


def _lower(tokens: Iterable[Token]) -> list[str]:
    return [t.lower_ for t in tokens]


def classify(content: list[Token], cue_lemma: str | None, has_source: bool) -> tuple[str, str]:
    """(certainty, polarity) of a statement from its content tokens and reporting cue."""
    words = _lower(content)
    own = _own_clause(content)
    wordset = {t.lower_ for t in own}
    lemmas = {t.lemma_.lower() for t in own}
    polarity = "negative" if _main_negated(content) else "positive"
    if cue_lemma in DENIAL_CUES:
        return "denied", "negative"
    for phrase in DENIAL_PHRASES:
        if _has_phrase(words, phrase):
            return "denied", "negative"
    if any(t.lower_ in ("lie", "lies") and t.pos_ == "NOUN" for t in content):
        return "denied", "negative"  # "an absolute lie" (the verb "to lie" accuses instead)
    modal_spec = any(t.tag_ == "MD" and t.lower_ in {"may", "might", "could"} for t in own)
    if cue_lemma in SPECULATIVE_CUES or modal_spec or wordset & SPECULATIVE_WORDS - {"may", "might", "could"}:
        # "whether" only speculates with an uncertainty word ("unclear whether"), not in "whether or not".
        if not (wordset & SPECULATIVE_WORDS == {"whether"} and not modal_spec and cue_lemma not in SPECULATIVE_CUES):
            return "speculative", polarity
    if cue_lemma in HEDGED_CUES or wordset & HEDGED_WORDS or lemmas & {"appear", "seem"}:
        return "hedged", polarity
    if has_source or wordset & REPORTED_WORDS:
        return "reported", polarity
    return "asserted", polarity


SIDE_CLAUSES = frozenset({"relcl"})
CIRCUMSTANCE_PREPS = frozenset({"over", "amid", "after", "following", "despite", "during", "before", "since"})
# Nouns of answering another act: what an act answers is its circumstance ("in response to Moscow's
# alleged deal"), and the parties of the act answered are not its doers (events._answered)
ANSWER_NOUNS = frozenset({"retaliation", "response", "revenge", "reprisal", "answer", "reaction", "riposte"})


def _own_clause(content: list[Token]) -> list[Token]:
    """The statement's tokens less those of a later conjoined verb phrase or a relative clause.

    "Russia has received missiles and is expected to use them": the hedge covers only the second
    verb phrase, so the statement (that Russia has received them) stays a report. A hedge in the
    first verb phrase ("may have sent drones and fired them") still governs what follows it.
    """
    ids = {t.i for t in content}
    roots = [t for t in content if t.head.i not in ids or t.head.i == t.i]
    drop: set[int] = set()
    for t in content:
        if t.i in drop:
            continue
        later_conj = t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and t.head in roots and t.i > t.head.i
        # a participle describing a noun ("individuals allegedly involved in the trade", "the crash
        # presumed to have killed him"); not a noun's content clause ("concern that Russia may ...")
        participle = t.dep_ == "acl" and t.tag_ in ("VBN", "VBG") and t.head.pos_ in ("NOUN", "PROPN")
        if later_conj or participle or (t.dep_ in SIDE_CLAUSES and t.pos_ in ("VERB", "AUX")):
            drop |= {x.i for x in t.subtree}
    # a hedging adjective on the noun of a circumstance ("Ukraine cut ties with Iran over the alleged
    # supply of weapons") qualifies that noun, not the statement; one on what a verb points at ("experts
    # point to a potential connection") is the statement's own hedge. An event the noun names is hedged
    # by it all the same (``own_hedge``)
    drop |= {t.i for t in content if t.dep_ == "amod" and t.head.dep_ == "pobj"
             and (t.head.head.lower_ in CIRCUMSTANCE_PREPS or t.head.head.head.lemma_.lower() in ANSWER_NOUNS)
             and t.lower_ in HEDGED_WORDS | SPECULATIVE_WORDS}
    if not drop:
        return content
    return [t for t in content if t.i not in drop]


def own_hedge(trigger: Token) -> str | None:
    """The certainty a hedging adjective on an act's own noun gives it: "the potential transfer of
    missile technology" is a possible transfer whatever the sentence asserts about it."""
    words = {c.lower_ for c in trigger.children if c.dep_ == "amod"}
    if words & SPECULATIVE_WORDS:
        return "speculative"
    if words & HEDGED_WORDS:
        return "hedged"
    return None


def _main_negated(content: list[Token]) -> bool:
    """The statement's own verb is negated ("were not being used", "no drones were sent").

    A negation inside a side clause ("materials the country cannot make") leaves the
    statement itself positive. The main verbs are the content tokens whose head lies outside it.
    """
    ids = {t.i for t in content}
    roots = {t.i for t in content if t.head.i not in ids or t.head.i == t.i}
    for t in content:
        if t.dep_ == "neg" and t.head.i in roots:
            return True
        if t.lower_ in ("no", "never", "neither", "nor") and (
                t.head.i in roots or t.head.head.i in roots and t.head.dep_ in ("nsubj", "nsubjpass", "dobj")):
            return True
    return False


def _has_phrase(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))
