"""The per-article stage: one :class:`Article` in, one :class:`Extraction` out.

Long articles are parsed in chunks under spaCy's limit; every record carries offsets
into the whole cleaned text. The attribution context (last named speaker, last group)
runs across chunks, so "he said" at the top of chunk two still finds its speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimgraph.event_types import with_trait
from claimgraph.extract.attribution import SPEECH_CUES, Attributor, is_outlet
from claimgraph.extract.certainty import CIRCUMSTANCE_PREPS, classify, own_hedge
from claimgraph.extract.claims import COMMENTARY_VERBS, claims_for_sentence
from claimgraph.extract.dates import find_dates
from claimgraph.extract.entities import find_entities, merge_provisional, resolve_abbreviations
from claimgraph.extract.events import find_events
from claimgraph.extract.quantities import find_quantities
from claimgraph.extract.roles import name_described_sources
from claimgraph.extract.sentences import SentenceFilter, sentences
from claimgraph.models import Article, Attribution, Claim, DateMention, EntityMention, Event, Extraction, Quantity
from claimgraph.nlp.packs import Gazetteer
from claimgraph.nlp.pipeline import gazetteer, load_nlp, parse
from claimgraph.store.base import Store


def extract_article(article: Article, nlp: Language | None = None, gaz: Gazetteer | None = None) -> Extraction:
    """Everything found in one article; a skipped article says why (never an exception)."""
    try:
        return _extract(article, nlp, gaz)
    except (UnicodeError, ValueError) as exc:  # e.g. a lone surrogate the tokenizer cannot encode
        reason = f"analysis failed: {type(exc).__name__}: {exc}"[:200]
        return Extraction(article.key, article.version, skipped_reason=reason)


def _extract(article: Article, nlp: Language | None, gaz: Gazetteer | None) -> Extraction:
    ex = Extraction(article_key=article.key, version=article.version)
    if article.status != "ok":
        ex.skipped_reason = article.status_reason or article.status
        return ex
    text = article.text
    if not text.strip():
        ex.skipped_reason = "no text"
        return ex
    nlp = nlp or load_nlp()
    gaz = gaz or gazetteer()
    key = article.key
    ex.dates = find_dates(text, article.published, key)
    if article.published is None:
        anchor = _latest_told_day(ex.dates, text)
        if anchor is not None:
            ex.dates = find_dates(text, anchor, key)
    filt = SentenceFilter(text)
    attributor: Attributor | None = None
    n_sent = 0
    current: set[int] = set()  # id() of undated events told in a present tense
    told_elsewhere: set[int] = set()  # id() of undated events the text places by another event ("during the coup")
    for base, doc in parse(nlp, text):
        doc.user_data["claimgraph_base"] = base
        mentions = find_entities(doc, key, gaz, base)
        ex.entities.extend(mentions)
        merge_provisional(ex.entities)
        resolve_abbreviations(ex.entities, text)
        quantities = [replace(q, start=q.start + base, end=q.end + base) for q in find_quantities(doc, key)]
        if attributor is None:
            attributor = Attributor(key, list(ex.entities), gaz, base)
        else:
            attributor.base = base
            attributor.mentions = sorted(ex.entities, key=lambda m: m.start)
        sents = sentences(doc)
        open_quote: list[tuple[Span, list[EntityMention], bool, bool, bool]] = []  # sentences of a quote not yet closed
        for prev, sent in zip([None, *sents], sents, strict=False):
            if any(t.is_alpha for t in sent):
                n_sent += 1
            s0, s1 = base + sent.start_char, base + sent.end_char
            if filt.reason(s0, s1, sent.text) is not None:
                attributor.observe(sent)
                open_quote = []
                continue
            atts = attributor.attribute(sent)
            ex.attributions.extend(atts)
            sent_mentions = [m for m in mentions if s0 <= m.start < s1]
            has_q = any(s0 <= q.start < s1 for q in quantities)
            has_d = any(s0 <= d.start < s1 and d.value for d in ex.dates)
            if prev is not None and "\n" in doc.text[prev.end_char:sent.start_char]:
                open_quote = []  # a quotation's cue is looked for within its paragraph
            speaker = next((a for a in atts if a.direct), None)
            if open_quote and speaker is not None and _closes_quote(sent.text):
                ex.claims = _quoted_before_cue(ex, open_quote, speaker, base, key)
                open_quote = []
            ex.claims.extend(
                claims_for_sentence(sent, base, key, atts, sent_mentions, has_q, _next_claim_id(ex.claims), has_d)
            )
            if (open_quote or _opens_quote(sent.text)) and not _closes_quote(sent.text) and not speaker:
                # A sentence of the quotation that reports someone else ('"Some countries have accused
                # Iran of it. That part is wrong," the minister said') keeps its own source but does
                # not end the quotation: the sentences after it are still the speaker's.
                open_quote.append((sent, sent_mentions, has_q, has_d, bool(atts)))
            else:
                open_quote = []
        for q in quantities:
            src = next((a for a in ex.attributions if a.start <= q.start < a.end), None)
            if src is not None:
                q.source = src.source
        ex.quantities.extend(quantities)
        negated: list[Event] = []
        evs = find_events(doc, key, mentions, ex.dates, gaz, base,
                          skip=lambda s, b=base: filt.skip(s, b), negated=negated)  # type: ignore[misc]

        kept: list[Event] = []
        cues = {a.cue_start: (a.start, a.source) for a in ex.attributions if a.cue_start is not None}
        persons = frozenset(m.entity for m in ex.entities if m.type == "person")
        kinds = {m.entity: m.type for m in ex.entities}

        for ev in evs:
            trigger = _trigger_of(ev, doc, base)
            _source_event(ev, ex.claims, doc, base, trigger, cues)
            _drop_reporter(ev, ex.claims, ex.entities, gaz)
            _speaker_as_doer(ev, trigger, ex.entities, gaz)
            if ev.date is None and trigger is not None and _told_as_current(trigger):
                current.add(id(ev))
            planned = _planned(ev, trigger)
            if not planned and not _reportable(ev, trigger):
                continue
            # A planned act ("preparing to send drones") is no event yet, but a source saying a
            # third party plans it still accuses that party.
            alleged = _allegations(ev, ex.claims, ex.dates, gaz) if trigger is None or _doer_told(trigger) else []
            if ev.date is None and trigger is not None and _dated_elsewhere(trigger):
                told_elsewhere.add(id(ev))
            for new in ((None if planned else ev), *alleged):
                if new is not None and not any(_same_event(new, k, persons, kinds) for k in [*ex.events, *kept]):
                    new.id = f"{key}:e{len(ex.events) + len(kept) + 1}"
                    kept.append(new)
        for ev in negated:
            _source_event(ev, ex.claims, doc, base, _trigger_of(ev, doc, base), cues)
        denials = [*_denials_of_acts(negated, ex.claims, [*ex.events, *kept], ex.dates, gaz),
                   *_denials_in_words(ex.claims, [*ex.events, *kept], ex.dates, base, base + len(doc.text), gaz)]
        for new in denials:
            if not any(_same_event(new, k, persons, kinds) for k in [*ex.events, *kept]):
                new.id = f"{key}:e{len(ex.events) + len(kept) + 1}"
                kept.append(new)
        ex.events.extend(kept)
    if n_sent == 0:
        ex.skipped_reason = "no sentence found"
    if attributor is not None:
        # Second pass: a document source whose author is named only later in the article.
        items: list[Claim | Attribution] = [*ex.claims, *ex.attributions]
        for item in items:
            author = attributor.document_author(item.source) if item.source_type == "media" else None
            if author is not None:
                item.source, item.source_type = author.name, author.source_type
    name_described_sources(ex.claims, ex.events, text, ex.entities, gaz)
    ex.claims = dedupe_claims(ex.claims)
    _place_undated([e for e in ex.events if id(e) not in told_elsewhere], article, current)
    _link(ex.claims, ex.events, ex.quantities)
    return ex


DATELINE_WORDS = 12  # a line this short holding a full date is a dateline, a timestamp or an embed's date


def _latest_told_day(dates: list[DateMention], text: str) -> date | None:
    """For an article without a publication date, the latest full date it gives on a line of its own.

    Relative dates ("in July", "on Tuesday") need a reference day; an undated article still dates
    itself by a dateline, a timestamp or an embedded post ("Defense of Ukraine (@DefenceU)
    September 13, 2022"), and news is written on or after the newest such day. A date inside a
    sentence is often history ("since the war broke out on Oct. 7, 2023") and anchors nothing.
    """
    told = []
    for d in dates:
        if not d.value or d.granularity != "day" or d.relative or d.end_value:
            continue
        end = text.find("\n", d.end)
        line = text[text.rfind("\n", 0, d.start) + 1: end if end >= 0 else len(text)]
        if len(line.split()) <= DATELINE_WORDS:
            told.append(date.fromisoformat(d.value))
    return max(told, default=None)


NEWS_OF_THE_DAY = with_trait("placed_by_article")
"""Event types that are statements and decisions: reported when they are made, so an undated one is
placed in its article's month. Acts told without a date (a transfer, a strike) are as often
background from months or years before, and stay undated."""


def _place_undated(events: list[Event], article: Article, current: frozenset[int] | set[int] = frozenset()) -> None:
    """A statement or decision the text gives no date for is placed in its article's month, and marked so.

    News reports what is new: a statement told without a date was mostly made in the days before
    publication. The month (not the day) says no more than that, and ``date_from_article``
    keeps the placement apart from a date the text states (linking never reads it as a conflict).
    An act told as going on ("Iran is providing", "Russia has launched attacks in recent weeks";
    ids in ``current``) is placed in its article's year: current, but not pinned to a month.
    """
    if article.published is None:
        return
    for ev in events:
        if ev.date is not None:
            continue
        if ev.type in NEWS_OF_THE_DAY:
            ev.date, ev.date_granularity = article.published.strftime("%Y-%m"), "month"
            ev.date_from_article = True
        elif id(ev) in current:
            ev.date, ev.date_granularity = article.published.strftime("%Y"), "year"
            ev.date_from_article = True


RELATIVE_TIME_PREPS = frozenset({"during", "amid", "before", "after", "following"})
TIMES_OF_DAY = frozenset({"dawn", "dusk", "sunrise", "sunset", "midnight", "noon", "daybreak", "nightfall"})
EARLIER_WORDS = frozenset({"previous", "earlier", "past", "prior", "former", "repeated"})


def _dated_elsewhere(trigger: Token) -> bool:
    """The text dates the act by another ("threatened Moscow during the coup", "previous denials"):
    it is not news of the article's days, so it is not placed by the article's date."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    told = {trigger, verb}
    if verb.dep_ == "conj":  # "seized Rostov during the coup and threatened Moscow": the adjunct is shared
        told |= {verb.head, *(x for x in verb.head.children if x.dep_ == "xcomp")}
    for t in told:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in RELATIVE_TIME_PREPS and any(
                    p.dep_ == "pobj" and p.pos_ == "NOUN" and not p.ent_type_ and p.lower_ not in TIMES_OF_DAY
                    for p in c.children):
                return True  # "during the coup", not "before dawn", "since November", "after taking off"
            if c.dep_ == "amod" and c.lower_ in EARLIER_WORDS:
                return True
    return False


def _doer_told(trigger: Token) -> bool:
    """The act names who did it: not a passive without its agent ("missiles were sent to Russia by
    ship"), whose doer a third party's word does not accuse anyone of."""
    if trigger.pos_ not in ("VERB", "AUX"):
        return True
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children)
    return not passive or any(c.dep_ == "agent" and any(p.ent_type_ for p in c.subtree) for c in trigger.children)


def _told_as_current(trigger: Token) -> bool:
    """The act's verb is in a present tense ("supplies", "is providing", "has launched", "have been sent").

    A noun trigger is read through the verb it is the object of ("is carrying out strikes"); the
    verb a noun is the subject of ("the recent summit aims to ...") says nothing of its time.
    """
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head if trigger.dep_ == "dobj" else trigger
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ in ("VBD", "MD") for a in auxes):
        return False  # "was sending", "had sent", "will send"
    if auxes:
        return any(a.tag_ in ("VBZ", "VBP") for a in auxes)
    return verb.tag_ in ("VBZ", "VBP")


EMBEDDING_CUES = frozenset({"deny", "reject", "dismiss", "refute", "accuse", "allege", "blame", "speculate",
                            "fear", "suspect"})
EMBEDDING_NOUNS = frozenset("""denial denials rejection allegation allegations accusation accusations rumour rumours
    rumor rumors speculation suggestion suggestions""".split())
"""Nouns that hold an act only as what is denied, alleged or rumoured ("reiterating a denial of
reports that Moscow has been using drones"): the denial or accusation is the event."""


def _reportable(ev: Event, trigger: Token | None) -> bool:
    """Whether an event belongs in the record of what happened.

    A hypothetical act ("Russia may use the missiles") stays a claim and is not put on the
    timeline; nor is an act that is only the object of a denial or accusation ("denied the
    transfer of weapons"): the denial or accusation is the event. A noun naming an event
    inside writer's commentary ("the use of these missiles in attacks highlights ...") is a
    reference to events already told, not a new one.
    """
    if ev.certainty == "speculative":
        return False
    if trigger is None:
        return True
    if ev.type not in {"denial", "accusation"}:
        for anc in trigger.ancestors:
            if anc.lemma_.lower() in EMBEDDING_CUES or anc.lower_ in EMBEDDING_NOUNS:
                return False
            if anc.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in anc.children):
                return False  # "no confirmation of drone deliveries", "no sign of an attack"
    if trigger.pos_ == "NOUN":
        root = trigger.sent.root
        if root.lemma_.lower() in COMMENTARY_VERBS and any(a.i == root.i for a in trigger.ancestors):
            subj = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subj and trigger.i in {t.i for t in subj[0].subtree}:
                return False
    return True


PLANNING_CUES = frozenset({"prepare", "plan", "vow", "threaten", "pledge", "promise", "intend", "seek", "consider",
                           "want", "aim", "hope", "propose", "offer", "agree", "decide", "expect",
                           "decline", "refuse", "fail"})
"""Verbs whose complement is an act not yet done: "preparing to send drones", "vowed to launch
attacks", "considering the procurement of missiles"; or not done at all: "declined to attend"."""


SPEAKER_TYPES = with_trait("needs_speaker")
TOLD_BY_FINDER = with_trait("told_by_finder")
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll"})


def _planned(ev: Event, trigger: Token | None) -> bool:
    """The act is only planned, promised or considered (the trigger sits under a planning verb)."""
    if ev.type in SPEAKER_TYPES or trigger is None:
        return False  # "vowed to respond" is itself the warning
    if trigger.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in trigger.children):
        return True  # "security services would reveal confessions", "the fleet will sail": not yet done
    tok = trigger
    while tok.dep_ in {"xcomp", "pcomp", "pobj", "prep", "dobj", "conj", "acl"} and tok.head is not tok:
        tok = tok.head
        if tok.lemma_.lower() in PLANNING_CUES:
            return True
    return False


def _same_event(a: Event, b: Event, persons: frozenset[str] = frozenset(),
                kinds: dict[str, str] | None = None) -> bool:
    """The same event told twice in one article: same type, a shared actor, nothing in conflict.

    A statement, accusation or denial is one event per speaker: three Iranian officials denying
    one report are three denials, so two of them with different named speakers (their sources)
    stay apart even when they share the country. The writer's summary ("X is not the first
    official to deny ...") names its speaker among the actors, so two speaker events whose
    people (``persons``) are all different are two events too.
    """
    if a.type in SPEAKER_TYPES:
        if (a.source != b.source and "author" not in (a.source, b.source)
                and a.source not in b.actors and b.source not in a.actors):
            return False  # two speakers; "Russia and North Korea denied" is one denial by both
        pa, pb = persons.intersection(a.actors), persons.intersection(b.actors)
        if pa and pb and not pa & pb:
            return False
    if a.type in TARGETED_TYPES and kinds is not None:
        # "attacked the Eisenhower" and "attacked a merchant ship, the Navigator": one doer, two
        # named targets, two acts (a country or a place may be the same target named coarser)
        ta, tb = ({x for x in e.actors[1:] if kinds.get(x) not in (None, "country", "place")} for e in (a, b))
        if ta and tb and not ta & tb and a.trigger_start != b.trigger_start:
            return False
    return (
        a.type == b.type
        and bool(set(a.actors) & set(b.actors))
        and a.location == b.location
        and (a.weapon == b.weapon or a.weapon is None or b.weapon is None)
        and (a.date == b.date or a.date is None or b.date is None)
    )


def _trigger_of(ev: Event, doc: Doc, base: int) -> Token | None:
    """The token heading the event's trigger words in the parsed sentence (None when the offsets miss)."""
    span = doc.char_span(ev.trigger_start - base, ev.trigger_end - base, alignment_mode="expand")
    return span.root if span is not None else None


def _source_event(ev: Event, claims: list[Claim], doc: object, base: int, trigger: Token | None,
                  cues: dict[int, tuple[int, str]] | None = None) -> None:
    """An event takes the source and certainty of the claim that states it.

    A speech act ("Kyiv accuses Russia of ..., while Iran denied ...") is its speaker's own claim,
    found by its cue, whatever other claims its sentence holds: the accusation is Kyiv's, not
    the denier's beside it. Another trigger outside every claim takes a claim of its sentence.
    """
    said = (cues or {}).get(ev.trigger_start)
    covering = [c for c in claims if c.start <= ev.trigger_start < c.end]
    if said is not None and not covering:
        covering = [c for c in claims if (c.start, c.source) == said]
    elif not covering:
        covering = [c for c in claims if c.sentence_start <= ev.trigger_start < c.sentence_end]
    if covering:
        c = min(covering, key=lambda c: c.end - c.start)
        ev.source, ev.certainty = c.source, c.certainty
    else:
        sent = doc.char_span(ev.start - base, ev.end - base, alignment_mode="expand")  # type: ignore[attr-defined]
        if sent is not None:
            ev.certainty, _ = classify(list(sent), None, False)
    hedge = own_hedge(trigger) if trigger is not None else None
    if hedge is not None and ev.certainty in ("asserted", "reported"):
        ev.certainty = hedge  # "the potential transfer of missile technology": a possible transfer
    elif hedge is None and trigger is not None and ev.certainty in ("hedged", "speculative") \
            and _presupposed(trigger):
        # "was presumed dead following a plane crash": the hedge is on the death; the crash the
        # circumstance names is taken as given
        ev.certainty = "asserted" if ev.source == "author" else "reported"


def _presupposed(trigger: Token) -> bool:
    """An act named as the circumstance of another ("following a plane crash", "after the talks")."""
    return trigger.pos_ == "NOUN" and trigger.dep_ == "pobj" and trigger.head.lower_ in CIRCUMSTANCE_PREPS


def _stating_claim(ev: Event, claims: list[Claim]) -> Claim | None:
    """The claim of the event's own source that holds its trigger (the words that report it)."""
    return next((c for c in claims if c.start <= ev.trigger_start < c.end and c.source == ev.source), None)


def _said_date(claim: Claim, dates: list[DateMention]) -> DateMention | None:
    """The date the reporting clause gives ("said on Tuesday"): in the sentence, outside what is said."""
    return next((d for d in dates if d.value and claim.sentence_start <= d.start < claim.sentence_end
                 and not claim.start <= d.start < claim.end), None)


def _is_outlet(claim: Claim, gaz: Gazetteer) -> bool:
    return is_outlet(claim.source, claim.source_type, gaz)


TARGETED_TYPES = frozenset({"launch_attack"})
PARTY_TYPES = frozenset({"country", "organisation", "organization", "group", "government_body", "military_unit",
                         "company"})
SELF_PRONOUNS = {"it": "body", "they": "body", "we": "any", "i": "any"}


def _speaker_as_doer(ev: Event, trigger: Token | None, mentions: list[EntityMention], gaz: Gazetteer) -> None:
    """ "The group said it attacked a ship", "... said its forces had attacked": the pronoun that
    does the act is the speaker, whom the attribution resolved ("the group" -> the body that
    spoke last); the parse alone names only the ship. Only for a pronoun subject of the reported
    verb, and a speaker that is a party (a body for "it"/"they"; anyone for "we")."""
    if trigger is None or ev.source == "author" or ev.source in ev.actors[:1] or ev.type in SPEAKER_TYPES:
        return
    owners = {"its": "it", "their": "they", "our": "we", "my": "i"}  # "said its forces had attacked"
    subj = next((c for c in trigger.children if c.dep_ == "nsubj"), None)
    own = next((owners[p.lower_] for p in subj.children if p.dep_ == "poss" and p.lower_ in owners), None) \
        if subj is not None else None
    pron = subj.lower_ if subj is not None and subj.lower_ in SELF_PRONOUNS else own
    if pron is None:
        return
    # "it" and "they" need the speech verb the act is reported under; "we" in the speaker's own
    # words ('"We provided Russia a small number of drones," the report quoted him as saying') is
    # the speaker wherever the cue stands
    if SELF_PRONOUNS[pron] == "body" and (trigger.dep_ != "ccomp" or trigger.head.lemma_.lower() not in SPEECH_CUES):
        return
    if SELF_PRONOUNS[pron] == "any":
        side = _speaker_sides(ev.source, gaz)
        speaker = next((x for x in side if x != ev.source), None)  # a minister's "we" is his state
        if speaker is not None:
            if speaker not in ev.actors[:1]:
                ev.actors[:] = [speaker, *(a for a in ev.actors if a != speaker)]
            return
    # the party the source names: "Houthis" for the source "Houthi group"
    named = next((m for m in mentions if m.entity == ev.source), None) or next(
        (m for m in mentions if m.type in PARTY_TYPES and re.search(rf"\b{re.escape(m.text)}\b", ev.source)), None)
    if named is None or SELF_PRONOUNS[pron] == "body" and named.type not in PARTY_TYPES:
        return
    if named.entity not in ev.actors:
        ev.actors.insert(0, named.entity)


def _drop_reporter(ev: Event, claims: list[Claim], mentions: list[EntityMention], gaz: Gazetteer) -> None:
    """Who reports an act is not a party to it: "US intelligence says an explosion downed the jet"
    makes the United States the source of the incident, not an actor in it.

    A reporter stays an actor when the reported words name it too ("officials said US ships
    fired"), and statements, accusations and denials keep their speaker (an outlet that only
    relays one is dropped: "Putin shared his condolences, the AP reported").
    """
    if ev.source == "author" or not ev.actors:
        return
    claim = _stating_claim(ev, claims)
    if claim is None:
        return
    reporter = {ev.source}
    for c in claims:  # "French and British allies offered the assessment": both report it
        if (c.start, c.end) == (claim.start, claim.end):
            reporter |= {c.source, *_speaker_sides(c.source, gaz)}
    outlet = _is_outlet(claim, gaz)
    if ev.type in SPEAKER_TYPES and (not outlet or ev.actors[0] in reporter):
        return  # the speaker of a statement is its first actor; an outlet relaying it is not
    if ev.type in TOLD_BY_FINDER and not outlet:
        return  # "Putin says fragments have been found": who tells of a finding made it known
    if claim.text.lower().startswith("responsibility"):
        return  # "the group claimed responsibility for the attack": it says it did it
    if not outlet and re.search(r"\b(?:it|its|they|their|we|our|he|his|she|her)\b", claim.text, re.IGNORECASE):
        return  # "Iran said it had sent drones": the reporter speaks of itself (an outlet does not)
    named = {m.entity for m in mentions if claim.start <= m.start < claim.end}
    named |= {gaz.canon(pe.country) for n in named if (pe := gaz.get(n)) is not None and pe.country}
    kept = [a for a in ev.actors if a not in reporter or a in named]
    if kept:
        ev.actors = kept


ALLEGED_TYPES = with_trait("alleged_on_report")
"""Acts that, told on a third party's word, are that party's accusation: "the White House said Iran
was preparing to send drones to Russia" is the United States accusing Iran. Strikes and launches
reported by a military or a ministry are mostly plain reporting, so they are left out."""


def _allegations(ev: Event, claims: list[Claim], dates: list[DateMention], gaz: Gazetteer) -> list[Event]:
    """The accusations a reported act carries: each source that says others did it accuses them.

    Only when the source is not itself a party to the act (an admission is not an accusation)
    and states it (a denial is a denial). A report of a report ('"Our allies offered the
    assessment that Iran's supply is a violation," Patel said') accuses twice: the allies, and
    Patel who repeats it; sources of one and the same words ("French and British allies") make
    one accusation together. The date is the one each reporting clause gives, if any.
    """
    if ev.type not in ALLEGED_TYPES or ev.source == "author":
        return []
    parties = ev.actors[:2]
    found: dict[tuple[int, int], tuple[Claim, list[str]]] = {}  # words said -> first claim, speakers
    for claim in sorted((c for c in claims if c.start <= ev.trigger_start < c.end), key=lambda c: c.end - c.start):
        if claim.source == "author" or claim.certainty not in ("reported", "hedged"):
            continue
        ent = gaz.get(claim.source)
        speaker = [claim.source] + ([ent.country] if ent is not None and ent.country else [])
        # "Iranian sources", "the Iranian government": the side a descriptor names by its demonym
        sides = {gaz.canon(w) for w in re.findall(r"[A-Z][\w'-]+", claim.source)} | set(speaker)
        if sides & set(parties) or claim.polarity == "negative" or _is_outlet(claim, gaz):
            # a party reports its own act (relaying that admission accuses no one); "has no data
            # about deliveries" accuses no one; an outlet reports, it does not accuse
            break
        found.setdefault((claim.start, claim.end), (claim, []))[1].extend(speaker)
    out: list[Event] = []
    for claim, speakers in found.values():
        said = _said_date(claim, dates)
        out.append(replace(
            ev, type="accusation", trigger=claim.cue or ev.trigger, source=claim.source, certainty=claim.certainty,
            actors=list(dict.fromkeys([*speakers, *parties])),
            weapon=ev.weapon, date=said.value if said else None,
            date_granularity=said.granularity if said else None, date_from_article=False,
        ))
    return out


def _speaker_sides(source: str, gaz: Gazetteer) -> list[str]:
    """The source and the state it speaks for ("U.S. officials" -> United States)."""
    ent = gaz.get(source)
    sides = [source] if ent is not None else []
    if ent is not None and ent.country:
        sides.append(gaz.canon(ent.country))
    sides += [e.name for e in gaz.named_in(source) if e.type == "country"]
    return list(dict.fromkeys(sides))


def _next_claim_id(claims: list[Claim]) -> int:
    """The next free claim number (claims replaced later leave gaps, never duplicates)."""
    return 1 + max((int(c.id.rsplit(":c", 1)[-1]) for c in claims), default=0)


def _opens_quote(text: str) -> bool:
    """The sentence opens a quotation it does not close: '"First, I want to express my condolences.'"""
    t = text.strip()
    return t[:1] in "\"\u201c" and not _closes_quote(t[1:])


def _closes_quote(text: str) -> bool:
    """A closing quotation mark, or a straight quote left unpaired, ends a quotation in the sentence."""
    t = text.strip()
    if "\u201d" in t and t.count("\u201d") > t.count("\u201c"):
        return True
    return t.count('"') % 2 == 1 and not t.startswith('"')


def _quoted_before_cue(ex: Extraction, pending: list[tuple[Span, list[EntityMention], bool, bool, bool]],
                       speaker: Attribution, base: int, key: str) -> list[Claim]:
    """Sentences of a quotation whose cue comes sentences later ('"I want to express my
    condolences. This is a tragedy. He made mistakes," Putin said') are the speaker's: their
    writer's claims are replaced by the speaker's."""
    claims = ex.claims
    for sent, mentions, has_q, has_d, reports_other in pending:
        if reports_other:
            continue
        s0, s1 = base + sent.start_char, base + sent.end_char
        claims = [c for c in claims if not (c.source == "author" and s0 <= c.start < s1)]
        lead = len(sent.text) - len(sent.text.lstrip(" \n\"\u201c"))
        att = Attribution(key, s0 + lead, s1, speaker.source, speaker.source_type, speaker.cue, speaker.cue_start,
                          speaker.cue_end, True, speaker.source_start, speaker.source_end)
        ex.attributions.append(att)
        claims.extend(claims_for_sentence(sent, base, key, [att], mentions, has_q, _next_claim_id(claims), has_d))
    return claims


def _denied_already(events: list[Event], sentence_start: int, source: str, sides: list[str]) -> bool:
    """The sentence already has a denial by this source or its side."""
    return any(e.type == "denial" and e.start == sentence_start and (e.source == source or set(sides) & set(e.actors))
               for e in events)


DENIED_BY_PARTY = with_trait("denied_by_party")


def _denials_of_acts(negated: list[Event], claims: list[Claim], events: list[Event], dates: list[DateMention],
                     gaz: Gazetteer) -> list[Event]:
    """A party saying an act did not happen denies it: "'No missile was sent to Russia,' the
    commander said" is the commander's (and his side's) denial.

    Only a named source that is itself a party to the act (its name or its state among the
    act's actors) denies; an observer saying "no ships were hit" reports, and the writer's own
    negation ("Iran has not confirmed") is no one's denial. Dated by the reporting clause.
    """
    out: list[Event] = []
    for ev in negated:
        if ev.type not in DENIED_BY_PARTY or ev.source == "author":
            continue
        claim = _stating_claim(ev, claims)
        if claim is None or _is_outlet(claim, gaz):
            continue
        sides = _speaker_sides(ev.source, gaz) or [ev.source]
        if not set(sides) & set(ev.actors):
            continue
        if _denied_already(events, ev.start, ev.source, sides):
            continue  # the sentence's denial verb already tells it
        said = _said_date(claim, dates)
        out.append(replace(
            ev, id="", type="denial", actors=list(dict.fromkeys([*sides, *ev.actors])),
            date=said.value if said else None, date_granularity=said.granularity if said else None,
            date_from_article=False, certainty="denied",
        ))
    return out


NOT_SO = re.compile(r"\b(?:is|are|was|were)\s+not\b|\b(?:isn't|aren't|wasn't|weren't)\b", re.IGNORECASE)
"""A copula negated: "this is not an Israeli ship" says a thing is not so; "would not violate"
and "had no right" promise or protest instead."""


def _denials_in_words(claims: list[Claim], events: list[Event], dates: list[DateMention], lo: int, hi: int,
                      gaz: Gazetteer) -> list[Event]:
    """A denial said without a denying verb: "the claim ... is false, two officials said".

    A named source's claim whose certainty is ``denied``, or a negative statement of a source
    about its own side, is a denial event when the sentence
    has none yet from that source; its actors are the source's side, then the parties the
    claim names. Dated by the reporting clause, as for allegations.
    """
    out: list[Event] = []
    for c in claims:
        if not lo <= c.start < hi or c.source == "author":
            continue
        sides = _speaker_sides(c.source, gaz)
        # "'This is not an Israeli ship,' the IDF added": a party saying "not" of itself denies
        if c.certainty != "denied" and not (c.polarity == "negative" and set(sides) & set(c.entities)
                                            and NOT_SO.search(c.text)):
            continue
        if not sides or _denied_already(events, c.sentence_start, c.source, sides):
            continue  # no speaker to name, or the sentence's denial already names this one
        said = _said_date(c, dates)
        out.append(Event(
            article_key=c.article_key, id="", type="denial", trigger=c.cue or "denied",
            start=c.sentence_start, end=c.sentence_end, trigger_start=c.start, trigger_end=c.end,
            actors=list(dict.fromkeys([*sides, *c.entities[:3]])), date=said.value if said else None,
            date_granularity=said.granularity if said else None, certainty=c.certainty, source=c.source,
        ))
    return out


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def dedupe_claims(claims: list[Claim]) -> list[Claim]:
    """An article that repeats a claim in nearly the same words states it once.

    The first statement is kept (it carries the provenance a reader looks for first); a
    later one by the same source, with the same certainty and 80% of the same words, is
    dropped.
    """
    kept: list[tuple[Claim, set[str]]] = []
    for c in claims:
        w = _words(c.text)
        if not any(
            k.source == c.source and k.certainty == c.certainty and w and kw and len(w & kw) / len(w | kw) >= 0.8
            for k, kw in kept
        ):
            kept.append((c, w))
    return [c for c, _ in kept]


def _link(claims: list[Claim], events: list[Event], quantities: list[Quantity]) -> None:
    for c in claims:
        c.event_ids = [e.id for e in events if c.start <= e.trigger_start < c.end]
        c.quantity_ids = [i for i, q in enumerate(quantities) if c.start <= q.start < c.end]


def extract_many(articles: Iterable[Article], nlp: Language | None = None) -> list[Extraction]:
    nlp = nlp or load_nlp()
    gaz = gazetteer()
    return [extract_article(a, nlp, gaz) for a in articles]


def analyse_keys(store: Store, keys: list[str]) -> str:
    """Extract the given stored articles and store the results; returns a summary line."""
    nlp = load_nlp()
    gaz = gazetteer()
    done = skipped = 0
    n_claims = n_events = 0
    for key in dict.fromkeys(keys):
        art = store.get_article(key)
        if art is None:
            continue
        existing = store.get_extraction(key)
        if existing is not None and existing.version == art.version and existing.skipped_reason is None \
                and (existing.claims or existing.events):
            done += 1
            n_claims += len(existing.claims)
            n_events += len(existing.events)
            continue
        ex = extract_article(art, nlp, gaz)
        with store.transaction():
            store.put_extraction(ex)
        if ex.skipped_reason:
            skipped += 1
        else:
            done += 1
            n_claims += len(ex.claims)
            n_events += len(ex.events)
    return f"analysed {done} articles ({n_claims} claims, {n_events} events), skipped {skipped}"
