"""News typography and reporting constructions the small parser gets wrong, and what repairs them.

Invented sentences about a fictional port dispute; each test is one kind of construction
(a rank before a name, a dateline, a "that" clause hung on the wrong word, a characterisation,
a quotation relayed by an outlet), not one sentence of a real article.
"""

from __future__ import annotations

from claimgraph.extract.entities import spread_names
from claimgraph.link.frames import Frame
from claimgraph.link.rules import compatible_claims
from claimgraph.nlp.pipeline import load_nlp
from extract_helpers import claims_in, one_claim, run


def test_a_rank_before_a_name_does_not_end_the_sentence() -> None:
    text = (
        'The navy said in a statement that "the tanker was boarded lawfully," according '
        'to Brig. Gen. Laura Denholm.\n'
    )
    doc = load_nlp()(text)
    assert len(list(doc.sents)) == 1
    ex = run(text)
    assert "Laura Denholm" in {c.source for c in claims_in(ex, text, text.strip())}


def test_a_dateline_is_not_the_speaker() -> None:
    text = (
        "KARSTADT, May 4 (Harbour Wire) - Interior Minister Olaf Brenner says that the "
        "ferry was seized by the militia.\n"
    )
    ex = run(text)
    c = one_claim(ex, text, "Interior Minister Olaf Brenner says that the ferry was seized by the militia.")
    assert c.source == "Olaf Brenner"
    assert c.text == "that the ferry was seized by the militia"


def test_told_reporters_with_a_phrase_before_that() -> None:
    text = (
        "Port spokesman Ivo Marek told reporters during the briefing that the strikes "
        "hit nine cranes in two docks.\n"
    )
    ex = run(text)
    c = one_claim(ex, text, text.strip())
    assert (c.source, c.text) == ("Ivo Marek", "that the strikes hit nine cranes in two docks")


def test_said_according_to_a_newspaper_keeps_the_person() -> None:
    text = (
        "The harbour master, Capt. Ines Varga said, according to the Coastal Times, that "
        "it could take weeks to reopen the port.\n"
    )
    ex = run(text)
    c = one_claim(ex, text, text.strip())
    assert c.source == "Ines Varga"
    assert c.certainty == "speculative"


def test_a_characterisation_and_a_shared_subject_are_claims() -> None:
    text = (
        "Foreign ministry spokeswoman Mira Holt called the seizure a violation of "
        "maritime law and stated the ministry will protest.\n"
    )
    ex = run(text)
    got = {(c.source, c.text) for c in claims_in(ex, text, text.strip())}
    assert got == {("Mira Holt", "the seizure a violation of maritime law"), ("Mira Holt", "the ministry will protest")}


def test_an_outlet_quoting_a_person_credits_the_person() -> None:
    text = (
        "Deputy minister Tomas Ferreira spoke in the capital on Friday.\n\n"
        '"We sold a few patrol boats to the port authority before the dispute began," '
        'the Coastal Times quoted him as saying.\n'
    )
    ex = run(text)
    c = one_claim(ex, text, "We sold a few patrol boats to the port authority before the dispute began")
    assert c.source == "Tomas Ferreira"
    assert c.text == "We sold a few patrol boats to the port authority before the dispute began"


def test_the_date_of_a_comment_is_not_the_date_of_what_it_is_about() -> None:
    text = (
        "Governor Anna Lind made her first public comments on Thursday on the ferry "
        "explosion that killed six people.\n"
    )
    ex = run(text)
    incidents = [e for e in ex.events if e.type == "incident"]
    assert incidents and all(e.date in (None, "2024") for e in incidents), incidents


def test_a_name_the_model_finds_once_is_found_wherever_it_recurs() -> None:
    doc = load_nlp()("Velmar Shipping said the vessel was seized. Later, Velmar Shipping said its crew was safe.")
    from claimgraph.extract.entities import find_entities
    from claimgraph.nlp.pipeline import gazetteer

    found = find_entities(doc, "k", gazetteer())
    names = [m.entity for m in found if m.text == "Velmar Shipping"]
    assert len(names) == 2 and len({m.type for m in found if m.text == "Velmar Shipping"}) == 1
    assert spread_names(doc, [], 0) == []


def test_claims_about_two_periods_are_two_propositions() -> None:
    a = Frame(frozenset({"Belmora", "Karvany"}), frozenset({"transfer"}), periods=frozenset({"2024-01"}))
    b = Frame(frozenset({"Belmora", "Karvany"}), frozenset({"transfer"}), periods=frozenset({"2023-12/2024-02"}))
    assert not compatible_claims(a, b)
    assert compatible_claims(a, Frame(a.parties, a.types, periods=frozenset({"2024-01"})))
    assert compatible_claims(a, Frame(a.parties, a.types))  # a claim that names no period does not disagree


def test_saying_shares_the_subject_of_the_verb_before() -> None:
    text = (
        "At a news conference, Mayor Ruth Okafor addressed the rumours, saying, "
        '"It is possible the ferry was sabotaged."\n'
    )
    ex = run(text)
    got = {(c.source, c.text) for c in claims_in(ex, text, text.strip())}
    assert ("Ruth Okafor", "It is possible the ferry was sabotaged") in got
    # the writer's own part of the sentence is a claim too, without the quotation
    assert ("author", "At a news conference, Mayor Ruth Okafor addressed the rumours") in got


def test_a_speech_verb_joined_to_the_clause_before_speaks_it() -> None:
    text = (
        "The strikes were believed to have destroyed most of the militia's boats in the harbour, "
        "navy chief Piet Dekker told a briefing held by the ministry on Friday.\n"
    )
    ex = run(text)
    c = one_claim(ex, text, text.strip())
    assert c.source == "Piet Dekker"
    assert c.text.startswith("The strikes were believed to have destroyed")
    assert c.certainty == "hedged"


def test_a_bare_surname_is_the_person_named_in_full_before() -> None:
    text = "Foreign Minister Anatol Vorshenko met the envoy on Monday.\n\nVorshenko said the talks would go on.\n"
    ex = run(text)
    c = one_claim(ex, text, "Vorshenko said the talks would go on.")
    assert c.source == "Anatol Vorshenko"


def test_a_report_that_a_speaker_indicates_leaves_the_writers_part_whole() -> None:
    text = "Norway's coast guard has released a report indicating that the tanker ran aground on a sandbank.\n"
    ex = run(text)
    texts = {c.text for c in claims_in(ex, text, text.strip())}
    assert "Norway's coast guard has released a report" in texts


def test_three_officials_denying_are_three_denials() -> None:
    text = (
        "Foreign Minister Anatol Vorshenko denied that Karvonia had sent rockets to the rebels.\n\n"
        "Defence chief Ilse Brandt denied that Karvonia had sent rockets to the rebels.\n"
    )
    ex = run(text)
    denials = [e for e in ex.events if e.type == "denial"]
    assert len(denials) == 2 and {e.source for e in denials} == {"Anatol Vorshenko", "Ilse Brandt"}


def test_a_pack_group_in_the_singular_is_the_group() -> None:
    from claimgraph.extract.entities import _number_variant
    from claimgraph.nlp.packs import Gazetteer, PackEntity

    gaz = Gazetteer()
    gaz.add(PackEntity(name="Sea Wolves", type="organisation"), "test")
    gaz.add(PackEntity(name="Vorlands", type="country"), "test")
    assert _number_variant(gaz, "Sea Wolf") is None  # only the plural -s, no irregular forms
    gaz.add(PackEntity(name="Marauders", type="organisation"), "test")
    assert _number_variant(gaz, "Marauder") == "Marauders"
    assert _number_variant(gaz, "Vorland") is None  # a country's name is not a group's


def test_a_statement_speaks_for_its_owner_and_a_joined_verb_needs_a_speaking_head() -> None:
    text = "The ministry's letter says the ferry was seized on Monday.\n"
    c = one_claim(run(text), text, text.strip())
    assert (c.source, c.text) == ("ministry", "the ferry was seized on Monday")
    text = "The ferry statement said the vessel sank on Friday and warned of a spill.\n"
    got = {c.source for c in claims_in(run(text), text, text.strip())}
    assert "vessel" not in got and "ferry" not in got  # "warned" joins "sank", whose subject speaks nothing


def test_a_claim_called_false_is_a_denial_event() -> None:
    text = (
        "A claim by the militia that its boats had attacked a Norwegian tanker was false, "
        "two American officials said.\n"
    )
    ex = run(text)
    denials = [e for e in ex.events if e.type == "denial"]
    assert len(denials) == 1 and denials[0].actors[0] == "United States", denials
    assert denials[0].source == "American officials"


def test_who_reports_an_act_is_not_a_party_to_it() -> None:
    text = "American intelligence officials said an explosion destroyed a Japanese ferry near the port.\n"
    ex = run(text)
    incidents = [e for e in ex.events if e.type == "incident"]
    assert incidents and all("United States" not in e.actors and e.actors for e in incidents), incidents


def test_an_act_held_only_by_a_denial_is_not_an_event() -> None:
    text = (
        "Spokesman Ivo Marek repeated a denial of reports that Karvonia was using Japanese drones "
        "against its neighbours.\n"
    )
    types = {e.type for e in run(text).events}
    assert "launch_attack" not in types and "denial" in types


def test_an_admission_is_not_an_accusation_and_an_outlet_accuses_no_one() -> None:
    text = "The Japanese government acknowledged on Saturday that it had sent a few drones to Russia.\n"
    ex = run(text)
    assert "accusation" not in {e.type for e in ex.events}
    assert any(e.type == "transfer" and e.actors[:2] == ["Japan", "Russia"] for e in ex.events), ex.events
    text = "Japan sent ballistic missiles to Russia last year, the Associated Press reported.\n"
    ex = run(text)
    assert "accusation" not in {e.type for e in ex.events}
    assert all("Associated Press" not in e.actors for e in ex.events)


def test_photo_credits_and_title_words_are_not_parties() -> None:
    text = (
        "Japan sent drones to Russia, officials said. | Mika Sato/AFP via Getty Images\n\n"
        "Secretary of State Laura Denholm said Japan sent UAVs to Russia. (AP Photo/Ken Ito)\n"
    )
    ex = run(text)
    names = {m.entity for m in ex.entities}
    assert {"Mika Sato", "AFP", "Ken Ito", "State", "UAVs"}.isdisjoint(names), names
    assert all({"State", "UAVs", "Mika Sato"}.isdisjoint(e.actors) for e in ex.events)


def test_a_date_told_below_an_event_dates_what_it_is_told_of() -> None:
    text = "Japan's prime minister expressed condolences to the families of those killed in Wednesday's crash.\n"
    ex = run(text)
    statements = [e for e in ex.events if e.type == "statement_warning"]
    assert statements and all(e.date in (None, "2024") for e in statements), statements
    text = "Japan launched an attack on the port on Tuesday.\n"
    assert any(e.type == "launch_attack" and e.date and len(e.date) == 10 for e in run(text).events)


def test_a_place_that_only_qualifies_a_noun_is_not_a_party() -> None:
    text = "Dovrenets-based ships helped shoot down drones fired at merchant vessels by Japan.\n"
    ex = run(text)
    assert all("Dovrenets" not in e.actors for e in ex.events), ex.events


def test_a_party_saying_an_act_did_not_happen_denies_it() -> None:
    text = (
        '"No rockets were sent to Karvonia," Russian deputy minister Pavel Orlin told reporters on Monday.\n\n'
        "Japanese officials said no ships were hit in the port.\n"
    )
    ex = run(text)
    denials = [e for e in ex.events if e.type == "denial"]
    assert len(denials) == 1, denials
    assert denials[0].source == "Pavel Orlin" and "Russia" in denials[0].actors
    assert not [e for e in ex.events if e.type == "transfer"]  # the negated act is no event
    assert not [e for e in ex.events if e.type == "launch_attack"]  # an observer's negation denies nothing


def test_the_writers_summary_of_one_denial_does_not_absorb_another_speakers() -> None:
    from claimgraph.extract.pipeline import _same_event
    from claimgraph.models import Event

    def denial(actors: list[str], source: str) -> Event:
        return Event(article_key="a", id="", type="denial", trigger="deny", start=0, end=1, trigger_start=0,
                     trigger_end=1, actors=actors, source=source)

    summary = denial(["Russia", "Anatol Vorshenko"], "author")  # "Vorshenko is not the first ... to deny"
    spokesman = denial(["Russia", "Ilse Brandt"], "Ilse Brandt")
    country = denial(["Russia"], "author")
    persons = frozenset({"Anatol Vorshenko", "Ilse Brandt"})
    assert not _same_event(spokesman, summary, persons)
    assert _same_event(spokesman, country, persons)  # "Russia denied", then its spokesman: one denial


def test_an_act_told_as_going_on_is_placed_in_its_articles_year() -> None:
    text = (
        "Russia is supplying Japan with rockets for its coastal batteries.\n\n"
        "North Korea sent Ukraine shells for its artillery.\n"
    )
    ex = run(text)  # published 2024-03-05
    transfers = sorted((e for e in ex.events if e.type == "transfer"), key=lambda e: e.start)
    assert len(transfers) == 2, transfers
    assert (transfers[0].date, transfers[0].date_granularity, transfers[0].date_from_article) == ("2024", "year", True)
    assert transfers[1].date is None  # told in the past, undated: it may be background from any year


def test_branding_an_act_a_crime_accuses_and_calling_on_someone_urges() -> None:
    text = (
        "Foreign Minister Anatol Vorshenko called the Russian boarding a violation of international law.\n\n"
        "Japan has called on the Security Council to act against the blockade.\n"
    )
    ex = run(text)
    types = {(e.type, e.actors[0]) for e in ex.events}
    assert ("accusation", "Anatol Vorshenko") in types or any(
        e.type == "accusation" and "Anatol Vorshenko" in e.actors for e in ex.events), ex.events
    assert ("statement_warning", "Japan") in types, ex.events
    # a plain "call" names nothing: no event
    assert not [e for e in run("The ministry called the envoy twice.\n").events if e.type == "statement_warning"]


def test_concrete_nouns_ending_like_abstract_ones_make_checkable_writer_claims() -> None:
    for sentence in ("The ship is registered to a Japanese company.",
                     "There is no confirmation from Russia of the delivery.",
                     "No cargo has moved since 29 August."):
        ex = run(sentence + "\n")
        assert [c.source for c in ex.claims] == ["author"], (sentence, ex.claims)
    assert not run("The implications of the move are profound for Russia.\n").claims
    ex = run("There is no confirmation from Russia of drone deliveries.\n")
    assert not [e for e in ex.events if e.type == "transfer"]  # an act only said to be unconfirmed


def test_a_modified_government_noun_is_not_the_last_person_named() -> None:
    text = (
        "Port director Anatol Vorshenko said the ferry left on time.\n\n"
        "The Japanese government said the ferry carried rockets.\n"
    )
    c = one_claim(run(text), text, "The Japanese government said the ferry carried rockets.")
    assert c.source != "Anatol Vorshenko"


def test_what_is_said_leaves_out_how_it_is_said() -> None:
    text = "The strike hit a radar site, a defense official said on condition of anonymity to discuss operations.\n"
    assert one_claim(run(text), text, text.strip()).text == "The strike hit a radar site"
    text = "The security firm Holmvik Risk also described the boarding as sophisticated and well planned.\n"
    assert one_claim(run(text), text, text.strip()).text == "the boarding as sophisticated and well planned"


def test_a_quotation_whose_cue_comes_sentences_later_is_the_speakers() -> None:
    text = (
        "Port director Anatol Vorshenko spoke on Monday.\n\n"
        '"I want to express my condolences to the families of the crew. This is a tragedy. '
        'The ferry sank near the pier," Vorshenko said.\n'
    )
    ex = run(text)
    by_text = {c.text.rstrip("."): c.source for c in ex.claims}
    assert by_text["I want to express my condolences to the families of the crew"] == "Anatol Vorshenko"
    assert by_text["This is a tragedy"] == "Anatol Vorshenko"
    assert len({c.id for c in ex.claims}) == len(ex.claims)


def test_he_after_a_described_speaker_is_that_speaker() -> None:
    text = (
        "Foreign Minister Anatol Vorshenko spoke on Monday.\n\n"
        'The Russian diplomat refuted the claims about the ferry. "We sent no rockets," he said.\n'
    )
    c = one_claim(run(text), text, '"We sent no rockets," he said.')
    assert c.source == "Russian diplomat"


def test_two_reported_clauses_tell_two_launches_and_a_launched_drone_is_an_attack() -> None:
    text = (
        "The navy said its ships shot down a drone launched from Karvonia on Sunday, while Admiral "
        "Ines Varga said Belmoran forces had launched a sea drone into the shipping lanes last week.\n"
    )
    launches = [e for e in run(text).events if e.type == "launch_attack"]
    assert len(launches) == 2, launches
    assert [e.type for e in run("North Korea launched a ballistic missile on Sunday.\n").events] == ["missile_test"]


def test_a_speech_verb_joined_to_an_act_takes_the_actors_subject_when_it_names_a_speaker() -> None:
    text = "The Russian foreign minister visited the port and said the rockets were never sent.\n"
    got = {c.source: c.text for c in claims_in(run(text), text, text.strip())}
    assert got.get("Russian foreign minister") == "the rockets were never sent"


def test_a_causal_verb_with_concrete_parties_is_a_claim_and_with_ideas_commentary() -> None:
    ex = run("Militia attacks have prompted Japanese shipping firms to divert vessels.\n")
    assert [c.source for c in ex.claims] == ["author"]
    assert not run("The attacks sparked fears of a wider war in Japan.\n").claims
    assert not run("The revelation has prompted Japan to act.\n").claims


def test_as_reported_by_credits_the_agent_and_it_said_the_last_body() -> None:
    text = "As reported by the Interfax agency, the ferry was sailing from Novaport to Japan.\n"
    c = one_claim(run(text), text, text.strip())
    assert (c.source, c.text) == ("Interfax agency", "the ferry was sailing from Novaport to Japan")
    text = ('The navy of Japan said a tanker was hit near the port on Monday.\n\n'
            '"The crew abandoned the ship and coalition warships responded," it said.\n')
    c = one_claim(run(text), text, '"The crew abandoned the ship and coalition warships responded," it said.')
    assert c.source == "navy"


def test_captions_carry_no_claims() -> None:
    for caption in (
        "HARBOUR 01 - The satellite image shows three tankers at the Russian port.\n",
        "A Japanese patrol boat leaves port to join the coalition in the strait, January 12, 2024.\n",
        "Foreign Minister Anatol Vorshenko said rockets were sent | Ilse Brandt/AFP via Getty Images\n",
    ):
        ex = run(caption)
        assert not ex.claims and not ex.events, (caption, ex.claims, ex.events)
    assert run("Russia fired rockets at the port of Japan on Monday, October 17, 2022.\n").claims


def test_a_bare_noun_phrase_is_widened_to_its_sentence_and_debunking_denies() -> None:
    text = "However, both Russia and Japan have denied these accusations.\n"
    assert {c.text for c in run(text).claims} == {text.strip()}
    text = "The Russian spokesman has debunked insinuations that the navy sank the ferry.\n"
    assert [c.certainty for c in run(text).claims] == ["denied"]


def test_a_line_broken_in_lower_case_is_one_sentence() -> None:
    text = ("U.S. and British warplanes struck rebel sites in Novaport on Saturday, residents and the "
            "rebel-run Harbour TV\n\nreported.\n")
    assert {c.source for c in run(text).claims} >= {"residents"}


def test_a_sponsor_joined_by_a_hyphen_does_not_lead_the_actors() -> None:
    ex = run("The Russian-backed militia attacked a Japanese tanker near the port on Monday.\n")
    attacks = [e for e in ex.events if e.type == "launch_attack"]
    assert attacks and attacks[0].actors[0] != "Russia", attacks


def test_an_act_dated_by_another_is_not_placed_by_the_article_date() -> None:
    ex = run("Russia seized the port of Novaport during the uprising and threatened to attack Japan.\n")
    warnings = [e for e in ex.events if e.type == "statement_warning"]
    assert warnings and warnings[0].date is None
    ex = run("Japan warned Russia of consequences on Monday before dawn.\n")
    assert [e.date for e in ex.events if e.type == "statement_warning"] == ["2024-03-04"]


def test_a_passive_act_without_its_doer_accuses_no_one() -> None:
    ex = run("A senior Russian official said rockets were sent to Japan by ship.\n")
    assert not [e for e in ex.events if e.type == "accusation"]
    ex = run("Japanese officials said rockets were sent to Ukraine by Russia.\n")
    assert [e.actors[:2] for e in ex.events if e.type == "accusation"] == [["Japanese officials", "Russia"]] or \
        any(e.type == "accusation" and "Russia" in e.actors for e in ex.events)


def test_an_abbreviation_the_article_defines_is_its_long_form() -> None:
    from claimgraph.extract.entities import _abbreviates

    assert _abbreviates("IDF", "Israel Defense Forces") and _abbreviates("JMIC", "Joint Maritime Information Center")
    assert not _abbreviates("UN", "Israel Defense Forces")
    text = ("The Karvonian Maritime Trade Office (KMTO) said a tanker was hit.\n\n"
            "The KMTO said the crew had left the ship.\n")
    sources = {c.source for c in run(text).claims}
    assert "KMTO" not in sources and any(s.startswith("Karvonian Maritime Trade Office") for s in sources), sources


def test_a_party_saying_not_of_itself_and_distancing_itself_deny() -> None:
    text = ('The Karvonian Navy Command (KNC) spoke on Monday.\n\n'
            '"This is not a Japanese ship," the Japanese navy added.\n')
    denials = [e for e in run(text).events if e.type == "denial"]
    assert denials and "Japan" in denials[0].actors, denials
    assert [e.type for e in run("Japan distanced itself from the seizure of the ship.\n").events] == ["denial"]
    assert not run("Police distanced the crowd from the gate of the Japanese embassy.\n").events


def test_a_speech_verb_hung_on_what_was_said_is_the_first_speakers() -> None:
    text = "The navy statement said the Karvonia Star sank on Friday night and warned of a spill.\n"
    sources = {c.source for c in run(text).claims}
    assert "Karvonia Star" not in sources, sources


def test_declining_to_confirm_is_the_subjects_claim_and_declining_to_act_is_no_event() -> None:
    text = "The Russian ministry has declined to confirm the sinking, citing the need to wait for divers.\n"
    c = one_claim(run(text), text, text.strip())
    assert c.source == "Russian ministry" and c.text.startswith("has declined to confirm the sinking")
    assert not [e for e in run("Russia declined to attend the summit in Japan.\n").events if e.type == "visit_meeting"]


def test_citing_something_as_indicating_is_the_citers_claim() -> None:
    text = ('Foreign Minister Anatol Vorshenko spoke on Thursday.\n\nHe cited "early reports" as indicating '
            "that the ferry crew had been rescued.\n")
    got = [c for c in run(text).claims if "rescued" in c.text]
    assert [c.source for c in got] == ["Anatol Vorshenko"], got


def test_a_side_clause_of_another_speaker_is_not_what_the_first_says() -> None:
    text = ("Karvonia and its allies accuse Japan of using Belgian-made rockets to strike ports, while Belgium "
            "has repeatedly denied sending any arms to either side, but admitted in May that it had sold Japan "
            "such rockets before the war.\n")
    ex = run(text)
    accusing = [c for c in ex.claims if c.source == "Karvonia"]
    assert accusing and all("denied" not in c.text for c in accusing), accusing
    admitted = [c for c in ex.claims if "sold Japan" in c.text]
    assert [c.source for c in admitted] == ["Belgium"], admitted
    # Each speech act is its own speaker's, not the other's beside it
    acts = {e.type: e for e in ex.events if e.type in ("accusation", "denial")}
    assert acts["accusation"].source != "Belgium" and acts["denial"].source == "Belgium", acts


def test_a_relative_clause_after_an_inserted_cue_is_not_what_is_said() -> None:
    text = ("The last convoy from Belmora to Karvonia carried about 300 rockets, officials said, which the "
            "rebels have already fired at the port.\n")
    got = [c for c in run(text).claims if c.source == "officials"]
    assert [c.text for c in got] == ["The last convoy from Belmora to Karvonia carried about 300 rockets"], got


def test_a_finding_released_by_a_body_is_that_bodys_word() -> None:
    text = ("Belmora is shipping rocket parts to Karvonia, according to an intelligence finding released by "
            "the Japanese Defense Ministry.\n")
    assert {c.source for c in run(text).claims} == {"Japanese Ministry of Defense"}  # the pack's name


def test_a_sentence_about_the_act_itself_is_a_claim_without_a_named_party() -> None:
    assert [c.source for c in run("An inquiry into the cause of the crash is under way.\n").claims] == ["author"]
    assert [c.source for c in run("A criminal case has been opened into the explosion.\n").claims] == ["author"]
    # commentary stays out, act or not
    assert not run("The implications of the attack are profound.\n").claims
    assert not run("The attack has sparked concern.\n").claims


def test_a_firm_no_pack_lists_is_known_by_its_legal_form() -> None:
    text = ('"We lost contact with the crew," Norvane Shipping Ltd, owner of the tanker, said in a statement.\n\n'
            "The tanker was towed to port on Friday, the vessel's owner said.\n")
    ex = run(text)
    assert any(m.entity == "Norvane Shipping Ltd" and m.type == "organisation" for m in ex.entities), ex.entities
    assert {c.source for c in ex.claims} == {"Norvane Shipping Ltd"}, [(c.source, c.text) for c in ex.claims]


def test_a_pledge_to_act_is_the_pledgers_claim() -> None:
    text = "Belmora has pledged to supply Karvonia with more rockets, its foreign minister said.\n"
    assert "Belmora" in {c.source for c in run("Belmora has pledged to supply Karvonia with more rockets.\n").claims}
    assert run(text).claims
    assert not [c for c in run("Belmora vowed revenge.\n").claims if c.source == "Belmora"]


def test_it_said_is_the_body_not_a_crew_quoted_inside_its_statement() -> None:
    text = ('The Japanese Navy said a rocket hit the tanker, and the crew reports two injuries.\n\n'
            '"The crew abandoned the ship," it said.\n')
    ex = run(text)
    navy = next(c.source for c in ex.claims if "rocket hit" in c.text)
    got = [c for c in ex.claims if "abandoned" in c.text]
    assert navy != "crew" and [c.source for c in got] == [navy], got


def test_who_tells_of_an_act_and_the_channel_are_not_its_parties() -> None:
    text = ('"The examinations on the wreck of the jet crash near Lake Varn are complete," the Belmoran '
            "investigators said in a statement via Telegram.\n")
    for ev in run(text).events:
        assert "Telegram" not in ev.actors, ev
    # the teller is not the attacker; the attacker is not named, so there is no one to put first
    evs = run("The tanker was carrying grain when it came under attack, the Japanese Navy said.\n").events
    assert not [e for e in evs if e.actors[:1] == ["Japan"]], evs


def test_a_sea_or_strait_is_where_not_who() -> None:
    text = "Japanese forces carried out attacks on shipping in the Varn Sea and the Ostra Strait on Monday.\n"
    ev = next(e for e in run(text).events if e.type == "launch_attack")
    assert not {"Varn Sea", "Ostra Strait"} & set(ev.actors), ev


def test_a_transfer_from_a_state_is_led_by_it_and_an_answered_attack_is_its_own() -> None:
    ev = next(e for e in run("A Japanese ship was seen delivering rockets from Belmora.\n").events
              if e.type == "transfer")
    assert ev.actors[0] == "Belmora", ev
    text = "Japan and Belmora began striking rebel targets in Karvonia in retaliation for the attacks on shipping.\n"
    attacks = [e for e in run(text).events if e.type == "launch_attack"]
    assert [e.actors[:2] for e in attacks] == [["Japan", "Belmora"]], attacks


def test_a_line_closed_by_a_photo_credit_is_a_caption() -> None:
    text = ("A sailor lays flowers at a memorial to the crew in Novaport, Karvonia. Reuters\n\n"
            "A woman walks past the harbour in Tokyo, Japan, Aug. 24, 2023. (AFP Photo)\n\n"
            "Japan sent rockets to Karvonia on Monday.\n")
    assert [c.text for c in run(text).claims] == ["Japan sent rockets to Karvonia on Monday."]


def test_a_cue_inside_an_embedded_question_reports_no_view() -> None:
    text = ("Admiral Ines Varga spoke on Monday.\n\n"
            "She declined to say whether Japan suspected a mine or believed the blast was sabotage.\n")
    assert not [c for c in run(text).claims if c.source == "Japan"]


def test_condolences_are_no_cargo_and_a_target_never_leads_an_attack_without_a_doer() -> None:
    assert not [e for e in run("Putin sent condolences to the families of the crew.\n").events if e.type == "transfer"]
    text = "Officials said rockets had been used in attacks on Belmora on Monday, launched by Japanese forces.\n"
    attacks = [e for e in run(text).events if e.type == "launch_attack"]
    assert attacks and all(e.actors[0] != "Belmora" for e in attacks), attacks


def test_strikes_a_state_carries_out_are_attacks_and_a_walkout_is_not() -> None:
    evs = run("A Japanese official said the strikes were carried out by the Japanese Navy.\n").events
    assert [e.type for e in evs] == ["launch_attack"], evs
    assert not run("Dock workers in Japan launched a strike on Monday.\n").events


def test_maintain_reports_only_with_a_clause() -> None:
    assert not [c for c in run("The strait will stay closed as long as Japan maintains its blockade.\n").claims
                if c.source == "Japan"]
    assert [c.source for c in run("Japan maintains that it sent no rockets to Belmora.\n").claims] == ["Japan"]


def test_where_an_act_happened_and_whom_a_source_told_are_not_its_parties() -> None:
    text = "The coast guard said a tanker was attacked 15 miles west of Japan's port of Novaport on Friday.\n"
    assert not [e for e in run(text).events if e.actors[:1] == ["Japan"]]
    text = "A Belmoran source told Reuters the vessel had shipped 200 rockets across the sea to Karvonia.\n"
    for ev in run(text).events:
        assert "Reuters" not in ev.actors, ev


def test_weapons_said_to_be_used_in_a_war_are_no_attack_event() -> None:
    assert not [e for e in run("Belmoran rockets are used in Karvonia, the minister said.\n").events
                if e.type == "launch_attack"]
    assert [e.type for e in run("Belmoran rockets were used in an attack on Tokyo on Monday.\n").events] == [
        "launch_attack"]


def test_a_quotation_goes_on_past_a_sentence_that_reports_someone_else() -> None:
    text = ('"Some neighbours have accused Karvonia of sending rockets to Belmora. The part about rockets is '
            'false. We sent only fuel," Foreign Minister Ilse Brandt told reporters.\n')
    ex = run(text)
    said = {c.text.rstrip("."): c.source for c in ex.claims}
    assert said.get("The part about rockets is false") == "Ilse Brandt", said
    assert said.get("Karvonia of sending rockets to Belmora") == "neighbours", said


def test_a_noun_of_stating_carried_by_a_light_verb_reports_its_clause() -> None:
    c = one_claim(run("Coast guard officials made the allegation that the ferry carried rockets to Belmora.\n"),
                  "Coast guard officials made the allegation that the ferry carried rockets to Belmora.\n",
                  "Coast guard officials made the allegation that the ferry carried rockets to Belmora.")
    assert c.text == "the ferry carried rockets to Belmora"
    assert not [c for c in run("The minister made a claim about the rockets.\n").claims if c.source != "author"]


def test_allies_named_by_their_nations_are_those_states_and_each_relay_of_an_accusation_accuses() -> None:
    text = ('"This morning our Japanese and German allies offered the assessment that Mongolia\'s shipment of '
            'rockets to Laos breaks the embargo," Minister Ilse Brandt told reporters.\n')
    ex = run(text)
    assert {"Japan", "Germany"} <= {c.source for c in ex.claims}, ex.claims
    accusers = [e.actors[: e.actors.index("Mongolia")] for e in ex.events if e.type == "accusation"
                and "Mongolia" in e.actors]
    assert sorted(map(sorted, accusers)) == [["Germany", "Japan"], ["Ilse Brandt"]], ex.events


def test_who_made_what_was_received_supplied_it_and_a_port_is_no_supplier() -> None:
    ev = next(e for e in run("Mongolia had acquired 2,400 Chinese-made rockets, the minister said.\n").events
              if e.type == "transfer")
    assert ev.actors[:2] == ["China", "Mongolia"], ev
    ev = next(e for e in run("The rockets are shipped by sea from Novaport in China to Mongolia.\n").events
              if e.type == "transfer")
    assert ev.actors[0] == "China", ev


def test_a_state_the_packs_do_not_know_is_a_country() -> None:
    ex = run("Chile's shipment of rockets to Peru broke the embargo.\n")
    assert {(m.entity, m.type) for m in ex.entities} >= {("Chile", "country"), ("Peru", "country")}
    assert [e.actors for e in ex.events if e.type == "transfer"] == [["Chile", "Peru"]]


def test_launching_an_attack_into_a_sea_is_an_attack_not_a_test() -> None:
    text = '"Mongolian forces launched a complex attack of drones and missiles into the Laptev Sea," the navy said.\n'
    assert [e.type for e in run(text).events] == ["launch_attack"]


def test_the_speaker_who_says_it_did_the_act_is_its_doer_and_two_named_targets_are_two_attacks() -> None:
    text = ("The Belmora Front is a militia in Laos.\n\n"
            "Earlier the Belmora Front said its fighters had attacked the tanker Ocean Lark in the Laptev Sea. The "
            "group also said it attacked a commercial ship, MV Northern Star, in the Kara Sea.\n")
    attacks = [e for e in run(text).events if e.type == "launch_attack"]
    assert len(attacks) == 2, attacks
    assert all(e.actors[0] == "Belmora Front" for e in attacks), attacks


def test_an_act_told_in_the_future_is_not_on_the_timeline_and_who_claims_an_attack_did_it() -> None:
    assert not run("Japanese investigators would reveal confessions by a spy network.\n").events
    assert not run("The Japanese navy will deploy two frigates to the strait.\n").events
    assert [e.type for e in run("The Japanese navy deployed two frigates to the strait.\n").events] == ["deployment"]
    text = "The Belmora Front claimed responsibility for the attack on the Japanese tanker Ocean Lark on Monday.\n"
    attacks = [e for e in run(text).events if e.type == "launch_attack"]
    assert attacks and attacks[0].actors[0] == "Belmora Front", attacks


def test_we_inside_a_named_speakers_quotation_is_the_speaker() -> None:
    text = ("Japan, France and Germany cancelled their agreements with the airline.\n\n"
            '"We strongly reject the claims of our role in arming one side of the war," foreign ministry '
            "spokesman Ilse Brandt told reporters.\n")
    ex = run(text)
    assert {c.source for c in ex.claims if "reject" in c.text or "claims of our role" in c.text} == {"Ilse Brandt"}
    assert not [e for e in ex.events if e.type == "denial" and e.actors[:1] in (["Japan"], ["France"], ["Germany"])]


def test_a_photo_caption_with_places_in_the_picture_or_a_credit_after_it_tells_nothing() -> None:
    text = ("Minister Ilse Brandt (R) meets her Japanese counterpart (L) at the Foreign Office in Tokyo, "
            "Sept. 10, 2024. \u2014 Kenji Sato/AFP via Getty\n\n"
            "Minister Ilse Brandt met her Japanese counterpart in Tokyo on Tuesday.\n")
    ex = run(text)
    assert [e.type for e in ex.events] == ["visit_meeting"]
    assert ex.events[0].start > text.index("\n\n")


def test_forces_using_drones_in_their_strikes_tell_how_a_war_is_waged_not_one_attack() -> None:
    assert not [e for e in run("Officials say Mongolian forces are using Chinese-made drones in their recent "
                               "wave of strikes on Laos.\n").events if e.type == "launch_attack"]
    assert not [e for e in run("The rebels, who have used the rockets to strike targets in Laos, are backed by "
                               "Mongolia.\n").events if e.type == "launch_attack"]
    assert [e.type for e in run("Mongolian forces used Chinese-made drones in a strike on a Laotian base "
                                "on Monday.\n").events] == ["launch_attack"]


def test_a_longer_name_around_a_pack_alias_is_another_body() -> None:
    ex = run("The deal was reached during a visit by an official from the Supreme National Security Council.\n")
    assert "National Security Council" not in {m.entity for m in ex.entities}
    us = run("The US National Security Council said so.\n")
    assert "National Security Council" in {m.entity for m in us.entities}


def test_we_in_a_ministers_words_is_his_state_and_admits_rather_than_accuses() -> None:
    text = ('Japanese Foreign Minister Ilse Brandt spoke in Tokyo.\n\n'
            '"We provided Mongolia a small number of rockets months before the war," the agency quoted her as '
            'saying.\n')
    ex = run(text)
    assert not [e for e in ex.events if e.type == "accusation"], ex.events
    transfer = next(e for e in ex.events if e.type == "transfer")
    assert transfer.actors[0] in ("Japan", "Ilse Brandt"), transfer  # her state when the packs know her


def test_a_freighter_arriving_is_no_deployment_and_working_to_find_is_no_finding() -> None:
    assert not run("A source said the ship arrived at the Laotian port on 4 September.\n").events
    assert [e.type for e in run("A Chinese naval ship arrived at the port of Vientiane on Monday.\n").events] == [
        "deployment"]
    assert not run("Japanese emergency services are working to determine the cause of the crash.\n").events


def test_summoning_an_envoy_or_lodging_a_protest_is_a_statement_by_who_does_it() -> None:
    ev = run("Japan summoned the Mongolian envoy in Tokyo on Monday.\n").events
    assert [(e.type, e.actors[:2]) for e in ev] == [("statement_warning", ["Japan", "Mongolia"])]
    assert [e.type for e in run("Japan lodged a formal protest with Mongolia on Monday.\n").events] == [
        "statement_warning"]
    assert not run("Thousands joined a protest in Tokyo on Monday.\n").events


def test_what_evidence_shows_inside_a_speakers_words_is_the_speakers_claim() -> None:
    text = ("Turning to the pipeline blast, the minister Ilse Brandt said the statements from Germany, France and "
            "Japan show their intention to put the responsibility on Mongolia.\n")
    assert {c.source for c in run(text).claims} == {"Ilse Brandt"}



def test_who_holds_the_ground_an_attack_is_fired_from_leads_it() -> None:
    text = "The tankers came under attack by rockets fired from Mongolian-controlled areas of Laos, officials said.\n"
    attacks = [e for e in run(text).events if e.type == "launch_attack"]
    assert attacks and attacks[0].actors[0] == "Mongolia", attacks


def test_weapons_deployed_against_a_side_are_used_not_stationed() -> None:
    assert not [e for e in run("Mongolia sent rockets, which have been deployed by the Mongolian army against "
                               "Laos.\n").events if e.type == "deployment"]
    assert [e.type for e in run("Mongolia deployed troops against the rebels in Laos.\n").events] == ["deployment"]


def test_an_outlet_that_reports_a_speaker_only_relays_and_a_trailing_relay_is_not_what_was_said() -> None:
    text = ("Japanese and German officials say a preliminary assessment found that the blast was deliberate, "
            "The Associated Press reported.\n")
    assert "Associated Press" not in {c.source for c in run(text).claims}
    text = ('"I do not know what happened, but I am not surprised," President Ilse Brandt said while speaking '
            "with reporters on Wednesday, the AP reported.\n")
    c = next(c for c in run(text).claims if c.source == "Ilse Brandt")
    assert c.text.startswith("I do not know what happened"), c


def test_supplying_the_means_to_make_weapons_is_a_transfer() -> None:
    ev = [e for e in run("China is providing Mongolia with materials to build a rocket factory near Ulan.\n").events
          if e.type == "transfer"]
    assert ev and ev[0].actors[:2] == ["China", "Mongolia"], ev
    assert not run("Japan is providing Laos with materials to build new schools.\n").events


def test_parties_named_in_a_relative_clause_are_not_actors_of_the_act() -> None:
    """The clause says what the ship is (on another party's word, here Laos's), not who distanced itself."""
    text = "China distanced itself from the seizure of the ship, which the Laotian government says is Japanese.\n"
    denials = [e for e in run(text).events if e.type == "denial"]
    assert denials and denials[0].actors == ["China"], denials


def test_a_finding_told_in_the_passive_is_the_tellers() -> None:
    """'fragments have been found', says Brandt: no one is named as finding them; the teller made the
    finding known, and stays its actor (a reporter of other acts is dropped from them)."""
    text = ("Japanese President Ilse Brandt says that fragments of a hand grenade have been found in the "
            "wreckage of the plane.\n")
    found = [e for e in run(text).events if e.type == "investigation_finding"]
    assert found and found[0].actors[:2] == ["Ilse Brandt", "Japan"], found


def test_an_undated_article_resolves_relative_dates_against_the_latest_day_it_states() -> None:
    """No publication date: the embedded post's date (the latest full date the text gives) is the
    reference, so "in July" and "on Tuesday" are placed, not left unresolved."""
    text = ("Japan's foreign ministry said in July it was aware that China was preparing to send rockets to "
            "Mongolia.\n\nThe Mongolian army said on Tuesday it had shot down a Chinese rocket for the first time.\n\n"
            "Ministry of Defence of Mongolia (@MonDefence) September 13, 2022\n")
    dated = {d.text: d.value for d in run(text, published=None).dates}
    assert dated["July"] == "2022-07" and dated["Tuesday"] == "2022-09-13", dated
    # a text that states no full date keeps its relative dates unresolved: there is nothing to anchor on
    bare = run("Japan said in July it was aware of the plan.\n", published=None).dates
    assert [d.value for d in bare] == [None], bare
    # nor does a full date inside a sentence, which is often history, not the day of writing
    history = run("Mongolian jets struck Ulan on Saturday, the latest raid since the war began on Oct. 7, 2023.\n",
                  published=None).dates
    assert {d.text: d.value for d in history}["Saturday"] is None, history


def test_a_passive_report_with_its_agent_is_the_agents_claim() -> None:
    """'It was reported by X that P', 'that P was first reported by X', 'the first reports that P were
    reported by X': X said P."""
    for text, source in (
            ("It was reported by Mongolian state media that the plane was shot down near Ulan.", "state media"),
            ("That the plane was shot down near Ulan was first reported by the Iron Gate channel.",
             "Iron Gate channel"),
            ("The first reports that the plane was shot down near Ulan were reported by the Iron Gate channel.",
             "Iron Gate channel")):
        got = [(c.source, c.text) for c in run(text + "\n").claims]
        assert len(got) == 1 and got[0][0].endswith(source) and got[0][1].startswith("the plane was shot down"), got


def test_breaking_off_diplomatic_ties_is_a_sanction_and_mending_them_is_not() -> None:
    for text in ("Mongolia cut diplomatic ties with Laos on Monday over its rocket sales to China.\n",
                 "Ulan severed relations with Vientiane last month.\n"):
        assert "sanction" in {e.type for e in run(text).events}, text
    assert "sanction" not in {e.type for e in run("Ties between Mongolia and Laos have improved this year.\n").events}


def test_a_hedge_on_an_acts_own_noun_hedges_the_act() -> None:
    """The sentence asserts that concerns are valid; the transfer it names is only a possible one."""
    text = "The concerns raised about the potential transfer of rocket technology from Mongolia to Laos are valid.\n"
    transfers = [e for e in run(text).events if e.type == "transfer"]
    assert all(e.certainty == "speculative" for e in transfers), transfers


def test_a_capability_to_attack_is_no_attack_however_the_parser_hangs_it() -> None:
    text = ("Thursday's strikes were believed to have degraded the Karvanis' capabilities to attack vessels in "
            "the Mekong.\n")
    assert "launch_attack" not in {e.type for e in run(text).events}
    used = "The Laotian army used drones to attack vessels in the Mekong.\n"
    assert "launch_attack" in {e.type for e in run(used).events}


def test_what_is_no_cargo_is_no_transfer_whatever_the_verb() -> None:
    text = "Kim Jong Un on Thursday shared his condolences to the families of those on board the jet.\n"
    assert "transfer" not in {e.type for e in run(text).events}
    assert "transfer" in {e.type for e in run("Mongolia shared rocket technology with Laos in March.\n").events}


def test_the_maker_of_delivered_goods_supplies_them_when_no_sender_is_named() -> None:
    ev = [e for e in run("The delivery of Mongolian rockets to Laos began in March.\n").events if e.type == "transfer"]
    assert ev and ev[0].actors[:2] == ["Mongolia", "Laos"], ev
    ev = [e for e in run("Japan's delivery of Mongolian rockets to Laos began in March.\n").events
          if e.type == "transfer"]
    assert ev and ev[0].actors[0] == "Japan", ev


def test_an_act_named_as_the_circumstance_of_a_hedged_one_is_taken_as_given() -> None:
    """'presumed dead following a plane crash': the hedge is on the death, the crash is given."""
    crashes = [e for e in run("Kim Jong Un was presumed dead following a plane crash near Pyongyang.\n").events
               if e.type == "incident"]
    assert crashes and crashes[0].certainty == "asserted", crashes
    # a hedge on the act itself still holds
    maybe = [e for e in run("Kim Jong Un may have died in a possible plane crash near Pyongyang.\n").events
             if e.type == "incident"]
    assert all(e.certainty != "asserted" for e in maybe), maybe


def test_the_ministry_is_the_last_ministry_not_the_last_body() -> None:
    text = ("The jet crashed near Ulan, Mongolia's emergency situations ministry said.\n\n"
            "Mongolia's civil aviation agency said Ilse Brandt was on the passenger list.\n\n"
            "At about 17:00 GMT, the ministry announced that the aircraft had crashed near Ulan.\n")
    got = {c.text: c.source for c in run(text).claims}
    said = next(src for t, src in got.items() if t.startswith("that the aircraft had crashed"))
    assert said == "Mongolia's emergency situations ministry", got
