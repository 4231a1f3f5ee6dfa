"""The tagger's rules, loaded from the lexicon files into matchers and lookup tables.

Nothing here is specific to one article: every word list lives in `etl/lexicons/*.json`
and is documented there; this module only compiles them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from etl import lexicons
from etl.nlp.patterns import PatternMatcher


def alternation(words: set[str] | frozenset[str]) -> str:
    """A regular expression matching any of `words`, shaped as a trie ("sanction|sanctions"
    becomes "sanction(?:s)?"): Python's `re` tries the alternatives of a flat list one by one
    at every position of the text, so a long word list is many times slower flat."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a word

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:  # a word ends here and longer ones go on: the rest is optional
            return f"(?:{body})?"
        return body

    return build(trie) if words else "(?!)"  # nothing to match: never match


def verb_forms(lemma: str) -> str:
    """A regular expression for the forms of a restricting verb, in the pre-filter's
    convention: a long lemma as a stem ("suspend" finds "suspended", "freeze" finds
    "freezing"); a short one only as its past and gerund ("ban": "banned", "banning"; the
    bare "bar" and "bars" are mostly nouns)."""
    if len(lemma) > 3:
        if lemma.endswith("y") and lemma[-2] not in "aeiou":
            # "supply" finds "supplied" and "supplies", "ferry" "ferried"
            return re.escape(lemma[:-1]) + r"(?:y|i)\w*"
        return re.escape(lemma[:-1] if lemma.endswith("e") else lemma) + r"\w*"
    double = lemma[-1] if lemma[-1] not in "aeiouwy" else ""
    return re.escape(lemma + double) + "(?:ed|ing)"


def noun_forms(lemma: str) -> str:
    """A regular expression for a noun and its regular plural ("control" -> "controls?")."""
    return re.escape(lemma) + "s?"


def _plurals(phrase: str) -> list[str]:
    """ "travel ban" -> also "travel bans"; "arms embargo" -> "arms embargoes"."""
    words = phrase.split()
    last = words[-1]
    if last.endswith(("s", "ls")):
        return [phrase]
    plural = last + ("es" if last.endswith(("o", "sh", "ch", "x")) else "s")
    return [phrase, " ".join([*words[:-1], plural])]


class Words:
    """The word lists of `roles.json`, one attribute each (documented in the file)."""

    restricting_verbs: frozenset[str]
    benefit_verbs: frozenset[str]
    of_target_nouns: frozenset[str]
    hardware_nouns: frozenset[str]
    generic_target_nouns: frozenset[str]
    cross_sentence_nouns: frozenset[str]
    office_nouns: frozenset[str]
    referring_institution_nouns: frozenset[str]
    list_demonstratives: frozenset[str]
    deal_nouns: frozenset[str]
    talks_words: frozenset[str]
    two_way_verbs: frozenset[str]
    approval_nouns: frozenset[str]
    visit_purposes: frozenset[str]
    personnel_nouns: frozenset[str]
    judicial_nouns: frozenset[str]
    presence_purpose_verbs: frozenset[str]
    force_only_weapons: frozenset[str]
    arrival_verbs: frozenset[str]
    flow_verbs: frozenset[str]
    made_only_verbs: frozenset[str]
    agent_other_preps: frozenset[str]
    talks_topic_preps: frozenset[str]
    transfer_agent_nouns: frozenset[str]
    agent_copulas: frozenset[str]
    building_verbs: frozenset[str]
    licensed_building_verbs: frozenset[str]
    licence_nouns: frozenset[str]
    licence_transfer_modifiers: frozenset[str]
    hearsay_passive_verbs: frozenset[str]
    conjecture_modals: frozenset[str]
    hypothetical_determiners: frozenset[str]
    denying_verbs: frozenset[str]
    refusal_verbs: frozenset[str]
    persuasion_verbs: frozenset[str]
    request_verbs: frozenset[str]
    seeking_verbs: frozenset[str]
    topic_preps: frozenset[str]
    relation_nouns: frozenset[str]
    movement_nouns: frozenset[str]
    speech: frozenset[str]
    report_verbs: frozenset[str]
    raising_words: frozenset[str]
    entry_denial_verbs: frozenset[str]
    entry_nouns: frozenset[str]
    relief_demand_words: frozenset[str]
    averting_phrasal_verbs: frozenset[str]
    target_subject_verbs: frozenset[str]
    stance_verbs: frozenset[str]
    proposal_stance_verbs: frozenset[str]
    co_actor_preps: frozenset[str]
    affect_verbs: frozenset[str]
    scope_verbs: frozenset[str]
    spare_verbs: frozenset[str]
    from_target_verbs: frozenset[str]
    ownership_verbs: frozenset[str]
    skip_preps: frozenset[str]
    relation_participles: frozenset[str]
    listing_verbs: frozenset[str]
    wish_verbs: frozenset[str]
    group_nouns: frozenset[str]
    container_nouns: frozenset[str]
    recipient_nouns: frozenset[str]
    purpose_verbs: frozenset[str]
    combat_purpose_verbs: frozenset[str]
    deploying_verbs: frozenset[str]
    restricted_port_objects: frozenset[str]
    joining_verbs: frozenset[str]
    siding_verbs: frozenset[str]
    cause_words: frozenset[str]
    relation_phrase_nouns: frozenset[str]
    relation_phrase_verbs: frozenset[str]
    transfer_neutral_verbs: frozenset[str]
    possess_verbs: frozenset[str]
    trade_objects: frozenset[str]
    origin_verbs: frozenset[str]
    council_document_nouns: frozenset[str]
    leading_participles: frozenset[str]
    affair_trade_words: frozenset[str]
    restraint_verbs: frozenset[str]
    own_export_nouns: frozenset[str]
    restraint_agreement_verbs: frozenset[str]
    financial_objects: frozenset[str]
    target_preps: frozenset[str]
    recipient_preps: frozenset[str]
    relative: frozenset[str]
    habitual_senders: frozenset[str]
    state_pronouns: frozenset[str]
    plural_state_pronouns: frozenset[str]
    bloc_nouns: frozenset[str]
    bloc_noun_modifiers: frozenset[str]
    bloc_noun_codes: frozenset[str]
    bloc_member_nouns: frozenset[str]
    bloc_organ_nouns: frozenset[str]
    response_nouns: frozenset[str]
    pending_action_nouns: frozenset[str]
    pending_action_exclusions: frozenset[str]
    permit_nouns: frozenset[str]
    complaint_verbs: frozenset[str]
    restricted_border_objects: frozenset[str]
    entry_ban_verbs: frozenset[str]
    entry_verbs: frozenset[str]
    access_verbs: frozenset[str]
    access_nouns: frozenset[str]
    access_financial_objects: frozenset[str]
    access_trade_objects: frozenset[str]
    meeting_nouns: frozenset[str]
    exchange_nouns: frozenset[str]
    expulsion_verbs: frozenset[str]
    payment_systems: frozenset[str]
    barred_spaces: frozenset[str]
    imposed_measure_nouns: frozenset[str]
    imposed_measure_verbs: frozenset[str]
    first_person: frozenset[str]
    person_pronouns: frozenset[str]
    generic_state_nouns: frozenset[str]
    object_control_exceptions: frozenset[str]
    addressee_nouns: frozenset[str]
    control_preps: frozenset[str]
    destination_preps: frozenset[str]
    conditional_marks: frozenset[str]
    call_preps: frozenset[str]
    coercion_only_measures: frozenset[str]
    retaliation_adjectives: frozenset[str]
    restricted_trade_objects: frozenset[str]
    arms_markers: frozenset[str]
    restricted_financial_objects: frozenset[str]
    aid_nouns: frozenset[str]
    military_aid_modifiers: frozenset[str]
    restricted_travel_objects: frozenset[str]
    measure_object_preps: frozenset[str]
    measure_verb_object_preps: frozenset[str]
    amount_preps: frozenset[str]
    noun_sender_preps: frozenset[str]
    warning_verbs: frozenset[str]
    vague_measure_forms: frozenset[str]
    sideless_measure_forms: frozenset[str]
    caution_verbs: frozenset[str]
    against_act_verbs: frozenset[str]
    dissuade_verbs: frozenset[str]
    listing_preps: frozenset[str]
    standing_verbs: frozenset[str]
    hypothetical_modals: frozenset[str]
    aimed_copula_preps: frozenset[str]
    cut_loan_nouns: frozenset[str]
    anaphoric_determiners: frozenset[str]
    policy_measures: frozenset[str]
    defiance_preps: frozenset[str]
    defiance_nouns: frozenset[str]
    defiance_adjectives: frozenset[str]
    placing_verbs: frozenset[str]
    party_condition_marks: frozenset[str]
    talks_failing_verbs: frozenset[str]
    rate_units: frozenset[str]
    privilege_list_nouns: frozenset[str]
    privilege_list_words: frozenset[str]
    receipt_nouns: frozenset[str]
    receipt_light_verbs: frozenset[str]
    delisting_verbs: frozenset[str]
    delisting_preps: frozenset[str]
    referral_preps: frozenset[str]
    referral_verbs: frozenset[str]
    authorising_words: frozenset[str]
    dispute_bodies: frozenset[str]
    passive_target_verbs: frozenset[str]
    sanction_verb_target_preps: frozenset[str]
    action_noun_forms: frozenset[str]
    threat_modifiers: frozenset[str]
    threat_adjectives: frozenset[str]
    container_preps: frozenset[str]
    verb_weapon_preps: frozenset[str]
    inner_recipient_preps: frozenset[str]
    exchange_verbs: frozenset[str]
    noun_weapon_preps: frozenset[str]
    aid_transfer_nouns: frozenset[str]
    military_transfer_modifiers: frozenset[str]
    receiving_verbs: frozenset[str]
    noun_supplier_preps: frozenset[str]
    noun_recipient_preps: frozenset[str]
    provenance_suffixes: frozenset[str]
    origin_nouns: frozenset[str]
    contract_work_verbs: frozenset[str]
    upgrade_verbs: frozenset[str]
    referring_pronouns: frozenset[str]
    barter_words: frozenset[str]
    pledge_verbs: frozenset[str]
    sale_verbs: frozenset[str]
    with_pair_preps: frozenset[str]
    prefilter_measure_words: frozenset[str]
    prefilter_verbs: frozenset[str]
    prefilter_measure_nouns: frozenset[str]
    restricting_verb_irregular_forms: frozenset[str]
    releasing_verbs: frozenset[str]
    transfer_verb_irregular_forms: frozenset[str]
    own_force_possessives: frozenset[str]
    deployment_places: frozenset[str]
    common_military_cues: frozenset[str]
    finding_nouns: frozenset[str]
    restricted_arms_objects: frozenset[str]
    cut_verbs: frozenset[str]
    restricting_phrasal_verbs: frozenset[str]
    restricting_phrasal_verb_forms: frozenset[str]
    trade_tie_nouns: frozenset[str]
    subordinating_preps: frozenset[str]
    halting_verbs: frozenset[str]
    halted_transfer_verbs: frozenset[str]
    headline_passive_actions: frozenset[str]
    likelihood_words: frozenset[str]
    inquiry_nouns: frozenset[str]
    share_amount_nouns: frozenset[str]
    deliberation_nouns: frozenset[str]
    licence_granting_verbs: frozenset[str]
    ultimatum_marks: frozenset[str]
    state_group_nouns: frozenset[str]
    member_preps: frozenset[str]
    measure_target_nouns: frozenset[str]
    trade_tie_modifiers: frozenset[str]
    cut_nouns: frozenset[str]
    cut_noun_aid_preps: frozenset[str]
    means_response_verbs: frozenset[str]
    supply_cut_objects: frozenset[str]
    energy_goods: frozenset[str]
    revoking_verbs: frozenset[str]
    trade_privilege_nouns: frozenset[str]
    trade_privilege_modifiers: frozenset[str]
    export_licence_modifiers: frozenset[str]
    company_exclusion_verbs: frozenset[str]
    exclusion_firm_nouns: frozenset[str]
    exclusion_places: frozenset[str]
    terror_designation_verbs: frozenset[str]
    terror_designation_words: frozenset[str]
    designation_verbs: frozenset[str]
    designation_objects: frozenset[str]
    aid_support_nouns: frozenset[str]
    aid_kind_modifiers: frozenset[str]
    air_link_nouns: frozenset[str]
    grounded_craft: frozenset[str]
    dealing_ban_verbs: frozenset[str]
    dealing_verbs: frozenset[str]
    instrument_dealing_verbs: frozenset[str]
    unnamed_bloc_codes: frozenset[str]
    us_list_words: frozenset[str]
    dealt_instrument_nouns: frozenset[str]
    secondary_penalty_verbs: frozenset[str]
    empowering_verbs: frozenset[str]
    dealer_nouns: frozenset[str]
    force_nouns: frozenset[str]
    launch_verbs: frozenset[str]
    boycott_words: frozenset[str]
    boycotted_events: frozenset[str]
    air_link_modifiers: frozenset[str]
    state_only_verbs: frozenset[str]
    release_condition_marks: frozenset[str]
    standing_release_marks: frozenset[str]
    resuming_verbs: frozenset[str]
    relief_granting_verbs: frozenset[str]
    tariff_raise_verbs: frozenset[str]
    retaliation_cues: frozenset[str]
    breach_words: frozenset[str]
    agreement_nouns: frozenset[str]
    coercion_stems: frozenset[str]
    lapse_verbs: frozenset[str]
    punitive_verbs: frozenset[str]
    partial_words: frozenset[str]
    expiry_verbs: frozenset[str]
    letting_verbs: frozenset[str]
    destination_participles: frozenset[str]
    cargo_participles: frozenset[str]
    cargo_verbs: frozenset[str]
    cargo_links: frozenset[str]
    destination_participle_preps: frozenset[str]
    violation_verbs: frozenset[str]
    penalty_verbs: frozenset[str]
    answering_words: frozenset[str]
    armed_answer_words: frozenset[str]
    countermeasure_words: frozenset[str]
    armed_answer_stems: frozenset[str]
    armed_acts: frozenset[str]
    armed_act_modifiers: frozenset[str]
    armed_answer_verbs: frozenset[str]
    armed_forces: frozenset[str]
    armed_answer_preps: frozenset[str]
    armed_answer_targets: frozenset[str]
    retaliation_condition_marks: frozenset[str]
    provoking_verbs: frozenset[str]
    protest_boycott_modifiers: frozenset[str]
    pending_words: frozenset[str]
    future_clause_auxiliaries: frozenset[str]
    start_effect_nouns: frozenset[str]
    start_verbs: frozenset[str]
    end_date_preps: frozenset[str]
    averting_verbs: frozenset[str]
    reason_ground_nouns: frozenset[str]
    origin_export_nouns: frozenset[str]
    pondering_verbs: frozenset[str]
    breach_citing_verbs: frozenset[str]
    past_act_nouns: frozenset[str]
    reason_act_preps: frozenset[str]
    standing_adjectives: frozenset[str]
    option_nouns: frozenset[str]
    capability_adjectives: frozenset[str]
    former_state_nouns: frozenset[str]
    former_words: frozenset[str]
    reason_marks: frozenset[str]
    bill_nouns: frozenset[str]
    bill_stage_verbs: frozenset[str]
    veto_override_verbs: frozenset[str]
    export_measure_modifiers: frozenset[str]
    flow_control_nouns: frozenset[str]
    holding_nouns: frozenset[str]
    weapon_site_nouns: frozenset[str]
    force_supply_verbs: frozenset[str]
    disclosure_nouns: frozenset[str]
    site_placing_verbs: frozenset[str]
    further_threat_verbs: frozenset[str]
    further_measure_nouns: frozenset[str]
    further_words: frozenset[str]
    scope_adjectives: frozenset[str]
    argument_recipients: frozenset[str]
    wanted_verbs: frozenset[str]
    penalty_reason_preps: frozenset[str]
    further_clause_verbs: frozenset[str]
    list_nouns: frozenset[str]
    reciprocal_pronouns: frozenset[str]
    negative_determiners: frozenset[str]
    membership_nouns: frozenset[str]
    document_nouns: frozenset[str]
    blocking_verbs: frozenset[str]
    enforcing_verbs: frozenset[str]
    backing_verbs: frozenset[str]
    standing_measure_words: frozenset[str]
    firm_nouns: frozenset[str]
    private_boycotters: frozenset[str]
    approved_acts: frozenset[str]
    approval_modifiers: frozenset[str]
    approval_verbs: frozenset[str]
    news_embargo_words: frozenset[str]
    firm_name_words: frozenset[str]
    non_imposer_nouns: frozenset[str]
    health_reason_stems: frozenset[str]
    pretext_stems: frozenset[str]
    trade_remedy_stems: frozenset[str]
    opening_verbs: frozenset[str]
    protection_objects: frozenset[str]
    intention_verbs: frozenset[str]
    improbability_words: frozenset[str]
    excess_degree_words: frozenset[str]
    retaliation_facing_verbs: frozenset[str]
    question_verbs: frozenset[str]
    question_marks: frozenset[str]
    denial_answer_words: frozenset[str]
    weapon_program_nouns: frozenset[str]
    weapon_program_markers: frozenset[str]
    reason_preps: frozenset[str]
    conditional_measures: dict[str, str]
    number_words: dict[str, int]

    def __init__(self) -> None:
        data = lexicons.load("roles")
        for name, entry in data["lists"].items():
            setattr(self, name, frozenset(entry["words"]))
        self.conditional_measures = dict(data["conditional_measures"]["words"])
        self.number_words = dict(data["number_words"]["words"])

    @property
    def closed_objects(self) -> frozenset[str]:
        """Ports and borders are closed alike: a state's ban on another's trade."""
        return self.restricted_port_objects | self.restricted_border_objects


# A one-letter abbreviation's dot ("U.S.", "U.K."), no sentence end to the pre-filter.
_INITIAL_DOT = re.compile(r"\b([A-Z])\.")


@dataclass(frozen=True)
class WeaponSpan:
    start: int
    end: int
    category: str
    text: str
    designation: bool  # a named system ("F-16") rather than a generic noun


@dataclass
class Rules:
    """Compiled lexicons. Build once per vocab; matching is then per doc."""

    vocab: Vocab
    make_doc: Any
    sanction_nouns: dict[str, str] = field(default_factory=dict)
    sanction_verbs: dict[str, str] = field(default_factory=dict)
    sanction_modifiers: dict[str, str] = field(default_factory=dict)
    sanction_not_after: frozenset[str] = frozenset()
    actions: dict[str, str] = field(default_factory=dict)  # lemma -> sanction action
    subject_actions: dict[str, str] = field(default_factory=dict)  # "sanctions loom"
    out_verbs: frozenset[str] = frozenset()
    in_verbs: frozenset[str] = frozenset()
    use_verbs: frozenset[str] = frozenset()
    nouns_out: dict[str, str] = field(default_factory=dict)
    nouns_in: dict[str, str] = field(default_factory=dict)
    verb_actions: dict[str, str] = field(default_factory=dict)
    provenance: frozenset[str] = frozenset()
    fms: tuple[str, ...] = ()
    fms_supplier: str = ""
    habitual_suppliers: frozenset[str] = frozenset()
    status: dict[str, frozenset[str]] = field(default_factory=dict)
    weapon_terms: dict[str, str] = field(default_factory=dict)
    needs_military: frozenset[str] = frozenset()
    transfer_ordnance: frozenset[str] = frozenset()
    military_cues: frozenset[str] = frozenset()
    designations: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    origins: list[tuple[re.Pattern[str], tuple[str, ...]]] = field(default_factory=list)
    civil_compounds: dict[str, frozenset[str]] = field(default_factory=dict)
    titles_default: dict[str, str] = field(default_factory=dict)
    titles_context: frozenset[str] = frozenset()
    prefilter: re.Pattern[str] = field(default_factory=lambda: re.compile("$^"))
    coercion: re.Pattern[str] = field(default_factory=lambda: re.compile("$^"))
    armed_story: re.Pattern[str] = field(default_factory=lambda: re.compile("$^"))
    health_reason: re.Pattern[str] = field(default_factory=lambda: re.compile("$^"))
    pretext: re.Pattern[str] = field(default_factory=lambda: re.compile("$^"))
    trade_remedy: re.Pattern[str] = field(default_factory=lambda: re.compile("$^"))
    words: Words = field(default_factory=Words)
    patterns: PatternMatcher | None = None  # the rules of etl/lexicons/patterns, per vocab

    def __post_init__(self) -> None:
        trig = lexicons.load("triggers")
        s = trig["sanction"]
        self.sanction_nouns = dict(s["nouns"])
        self.sanction_verbs = dict(s["verbs"])
        self.sanction_modifiers = dict(s["modifiers"])
        self.sanction_not_after = frozenset(s["not_after"])
        # Later lists win for lemmas in several ("cancel" is imposed for trade, lifted
        # for sanctions); the order in the file is the precedence.
        self.subject_actions = dict(trig["subject_actions"])
        for action in ("imposed", "threatened", "eased", "extended", "lifted"):
            for lemma in trig["actions"][action]:
                self.actions.setdefault(lemma, action)
        a = trig["arms"]
        self.out_verbs = frozenset(a["out_verbs"])
        self.in_verbs = frozenset(a["in_verbs"])
        self.use_verbs = frozenset(a["use_verbs"])
        self.nouns_out = dict(a["nouns_out"])
        self.nouns_in = dict(a["nouns_in"])
        self.verb_actions = dict(a["verb_actions"])
        self.provenance = frozenset(a["provenance"])
        self.fms = tuple(a["fms"])
        self.fms_supplier = a["fms_supplier"]
        self.habitual_suppliers = frozenset(a["habitual_suppliers"])
        self.status = {k: frozenset(v) for k, v in trig["status"].items()}
        w = lexicons.load("weapons")
        for category, terms in w["categories"].items():
            for term in terms:
                self.weapon_terms[term] = category
        for p in w.get("phrases", []):
            self.weapon_terms[p["text"].lower()] = p["category"]
        self.needs_military = frozenset(w["needs_military"])
        self.transfer_ordnance = frozenset(w["transfer_ordnance"])
        self.military_cues = frozenset(w["military_cues"])
        self.designations = [(re.compile(d["pattern"]), d["category"]) for d in w["designations"]]
        self.civil_compounds = {k: frozenset(v) for k, v in w.get("civil_compounds", {}).items()}
        for o in w.get("origins", []):
            # A phrase ("Iron Dome") matches on its words joined by single spaces.
            rx = o["pattern"] if "pattern" in o else rf"^{re.escape(o['text'])}$"
            self.origins.append((re.compile(rx), tuple(o["countries"])))
        # Privately owned arms makers: their halts are their own business (actors.json "firm").
        self.firm_actors = frozenset(
            i["name"] for i in lexicons.load("actors")["institutions"] if i.get("firm")
        )
        titles = lexicons.load("actors")["titles"]
        self.titles_default = dict(titles["default_country"])
        self.titles_context = frozenset(titles["context"])
        self.patterns = PatternMatcher(self.vocab)

        self._phrase = PhraseMatcher(self.vocab, attr="LOWER")
        for text, cat in s["phrases"].items():
            self._phrase.add(f"S|{cat}", [self.make_doc(v) for v in _plurals(text)])
        self.prefilter = self._build_prefilter(trig)
        # Tariffs and duties count as sanctions only in a story about coercion (GUIDELINES.md).
        # Whole-article searches: a phrase's space matches any run of white space, so a
        # phrase wrapped over two lines ("military\nreaction") is still found.
        self.coercion = re.compile(
            alternation(self.words.coercion_stems).replace("\\ ", r"\s+"), re.IGNORECASE
        )
        # A story that answers force with force: its bare retaliations are armed ones.
        self.armed_story = re.compile(
            alternation(self.words.armed_answer_stems).replace("\\ ", r"\s+"), re.IGNORECASE
        )
        # A ban for a disease or a health risk, and a duty against dumping, are no coercion.
        self.health_reason = re.compile(
            rf"\b(?:{alternation(self.words.health_reason_stems)})", re.IGNORECASE
        )
        self.pretext = re.compile(
            rf"\b(?:{alternation(self.words.coercion_stems | self.words.pretext_stems)})",
            re.IGNORECASE,
        )
        self.trade_remedy = re.compile(
            rf"\b(?:{alternation(self.words.trade_remedy_stems)})", re.IGNORECASE
        )
        # Weapon terms match on lower forms here and on lemmas in `weapons()`.
        self._weapon_lower = PhraseMatcher(self.vocab, attr="LOWER")
        for term, cat in self.weapon_terms.items():
            pattern = self.make_doc(term)
            self._weapon_lower.add(f"W|{cat}|{term}", [pattern])
        self._title_exact = PhraseMatcher(self.vocab, attr="ORTH")
        for title in [*self.titles_default, *self.titles_context]:
            self._title_exact.add(f"T|{self.titles_default.get(title, '')}", [self.make_doc(title)])

    def _build_prefilter(self, trig: dict[str, Any]) -> re.Pattern[str]:
        """One case-insensitive regular expression over raw text: any sanction word or
        measure, any weapon term that needs no military cue, any named system. A sentence
        without a match cannot hold an event, so it is never parsed."""
        words: set[str] = set()
        s = trig["sanction"]
        words.update(s["nouns"], s["verbs"], s["phrases"])
        words.update(t for t in self.weapon_terms if t not in self.needs_military)
        words.update(c for c in self.military_cues if c not in self.words.common_military_cues)
        words.update(f.lower() for f in trig["arms"]["fms"])
        words.update(self.words.prefilter_measure_words)
        words.update(self.words.payment_systems)  # "cut Iranian banks off from SWIFT"
        # Long words match as stems ("missil" finds "missiles"); short ones ("sam", "uav")
        # only as whole words, or "same" and "might" would send every article to the parser.
        long_ = {w[:-1] if w.endswith("e") else w for w in words if len(w) > 4}
        short = {w for w in words if len(w) <= 4}
        named = "|".join(p.pattern.strip("^$") for p, _ in self.designations)
        w = self.words
        objects = w.trade_objects | w.financial_objects | w.movement_nouns | w.aid_nouns
        obj = rf"\b(?:{alternation(objects)})\w*"
        # Restricting verbs make a sanction without the word, but only when what they
        # restrict is near ("banned exports", "reserves were frozen"); "suspended trading"
        # or "halted production" are no reason to parse.
        verbs = w.restricting_verbs | w.prefilter_verbs
        verbs |= w.releasing_verbs  # "unfroze $7 billion of Afghan assets"
        forms = "|".join(
            [
                *map(verb_forms, sorted(verbs)),
                *sorted(w.restricting_verb_irregular_forms),
                *map(noun_forms, sorted(w.prefilter_measure_nouns)),
            ]
        )
        verb = rf"\b(?:{forms})\b"
        # Within one sentence: no full stop (the dots of "U.S." and "U.K." are commas to the
        # pre-filter, see `prefilter_search`: "froze U.S. assets" is one sentence).
        gap = r"[^.]"
        restrict = rf"{verb}{gap}{{0,80}}?{obj}|{obj}{gap}{{0,80}}?{verb}"
        # Aid and air links cut by other verbs and nouns: "cut its budget support for
        # Rwanda", "closed its airspace to"; five-letter stems find "withheld", "withdrew".
        cutters = (
            w.cut_verbs
            | w.cut_nouns
            | w.restricting_verbs
            | w.entry_denial_verbs
            | w.revoking_verbs
        )
        cuts = {c.removesuffix("e")[:5] for c in cutters}
        cut_objects = (
            w.aid_nouns
            | w.aid_support_nouns
            | w.restricted_travel_objects
            | w.air_link_modifiers
            | w.entry_nouns
            | w.entry_verbs
        )
        denials = "|".join(  # "denied visas", "revoked the visas"
            re.escape(v[:-1]) + r"(?:y|ie)\w*" if v.endswith("y") else verb_forms(v)
            for v in sorted(w.entry_denial_verbs)
        )
        holds = alternation(w.restricting_phrasal_verb_forms)  # "held back military aid"
        cut = rf"(?:\b(?:{alternation(cuts)})\w*|\b(?:{denials}|{holds})\b)"
        cut_obj = rf"\b(?:{alternation(cut_objects)})\w*"
        # Energy, privileges and permits only as what such a cut takes away (not every
        # oil-price story): "cut gas supplies to Ukraine", "shut off gas to Ukraine",
        # "terminated Turkey's trade preferences", "revoked export licences for arms sales".
        energy = rf"\b(?:{alternation(w.energy_goods)})\w*"
        stems = {o.removesuffix("y") for o in w.supply_cut_objects}  # "supplies", "deliveries"
        supply = rf"\b(?:{alternation(stems)})\w*"
        privilege = rf"\b(?:{alternation(w.trade_privilege_modifiers)})\S*\s+(?:\w+\s+)?"
        privilege += rf"(?:{alternation(w.trade_privilege_nouns)})"
        permit = rf"\b(?:{alternation(w.export_licence_modifiers)})\w*\s+"
        permit += rf"(?:{alternation(w.permit_nouns)})"
        ties = rf"\b(?:{alternation(w.trade_tie_modifiers)})\s+"  # "cut trade ties with"
        ties += rf"(?:{alternation(w.trade_tie_nouns)})s?\b"
        # Loans and credit only before their recipient ("cut off loans to Burma", "stopped
        # credits to Iraq"), not every "lending rates" story.
        loans = "|".join(sorted(noun_forms(n) for n in w.cut_loan_nouns))
        loan = rf"\b(?:{loans})\s+to\b"
        taken = rf"{cut_obj}|{energy}\s+(?:{supply}|to\b)|{privilege}|{permit}|{ties}|{loan}"
        restrict += rf"|{cut}{gap}{{0,80}}?(?:{taken})|{cut_obj}{gap}{{0,80}}?{cut}"
        # Aid given back after a cut: "resumed military aid to Egypt" (resuming_verbs).
        resume = "|".join(sorted(map(verb_forms, w.resuming_verbs)))
        given = rf"\b(?:{alternation(w.aid_nouns | w.aid_support_nouns)})\w*"
        restrict += rf"|\b(?:{resume})\b{gap}{{0,40}}?{given}"
        # Port bans: whole words only ("ships", not "shipments").
        closers = w.cut_verbs | w.restricting_verbs
        closer = rf"\b(?:{alternation({c.removesuffix('e')[:5] for c in closers})})\w*"
        port = rf"\b(?:{alternation(w.closed_objects)})s?\b"
        restrict += rf"|{closer}{gap}{{0,80}}?{port}|{port}{gap}{{0,80}}?{closer}"
        # Generic measures an imposing verb puts on a party: "agreed new measures against
        # Moscow" (imposed_measure_verbs, imposed_measure_nouns).
        imposers = "|".join(sorted(map(verb_forms, w.imposed_measure_verbs)))
        measures = "|".join(sorted(map(noun_forms, w.imposed_measure_nouns)))
        restrict += rf"|\b(?:{imposers})\b{gap}{{0,40}}?\b(?:{measures})\s+(?:against|on)\b"
        # A party's possible steps against another: "possible EC action against Japan"
        # (pending_words, pending_action_nouns).
        pending = "|".join(sorted(re.escape(p) for p in w.pending_words))
        steps = "|".join(sorted(map(noun_forms, w.pending_action_nouns)))
        restrict += rf"|\b(?:{pending})\s+(?:\S+\s+){{0,2}}?(?:{steps})\s+against\b"
        # A foreign company shut out: "banned Huawei from its 5G network".
        shut = "|".join(sorted(map(verb_forms, w.company_exclusion_verbs)))
        places = alternation(w.exclusion_places)
        restrict += rf"|\b(?:{shut})\b{gap}{{0,60}}?\bfrom\b{gap}{{0,40}}?\b(?:{places})"
        # Or firms shut out by their state: "threatened to bar Japanese banks from London"
        # (the bare verb too: before a firm and "from" it is no noun).
        bare = "|".join(sorted(re.escape(v) + "s?" for v in w.company_exclusion_verbs))
        firms = "|".join(
            sorted(
                re.escape(f[:-1]) + "(?:y|ies)" if f.endswith("y") else noun_forms(f)
                for f in w.exclusion_firm_nouns
            )
        )
        restrict += rf"|\b(?:{shut}|{bare})\b{gap}{{0,60}}?\b(?:{firms})\s+from\b"
        # Terror designations: "designated the Houthis a terrorist organisation".
        designate = alternation({v.removesuffix("e") for v in w.terror_designation_verbs})
        terror = alternation(w.terror_designation_words)
        restrict += rf"|\b(?:{designate})\w*{gap}{{0,80}}?\b(?:{terror})"
        # Bare designations of a state's people or firms: "designated 12 Iranian individuals".
        designate = alternation({v.removesuffix("e") for v in w.designation_verbs})
        listed = alternation(w.generic_target_nouns | w.designation_objects)
        restrict += rf"|\b(?:{designate})\w*{gap}{{0,60}}?\b(?:{listed})"
        restrict += rf"|\b(?:{listed})\w*\s+(?:\w+\s+)?(?:been|were|was)\s+(?:{designate})"
        # Or a sanctioned firm by name (firms.json): "the Treasury designated Mahan Air".
        named_firms = {a.lower() for f in lexicons.load("firms")["companies"] for a in f["aliases"]}
        restrict += rf"|\b(?:{designate})\w*{gap}{{0,40}}?\b(?:{alternation(named_firms)})(?!\w)"
        # Lists of trading privileges: "removed South Korea from its whitelist", "dropped
        # Japan from its list of trusted trading partners".
        privileged = alternation(w.privilege_list_nouns | w.privilege_list_words)
        restrict += rf"|\b(?:{privileged})\b{gap}{{0,40}}?\b(?:list|partner)"
        restrict += rf"|\b(?:{alternation(w.privilege_list_nouns)})"
        # Sales halted: "would stop exporting strategic goods to Russia".
        halting = "|".join(sorted(map(verb_forms, w.halting_verbs)))
        selling = alternation({v.removesuffix("e") for v in w.halted_transfer_verbs})
        restrict += rf"|\b(?:{halting})\s+(?:{selling})\w*ing\b{gap}{{0,80}}?\bto\b"
        # Dealings barred: "barred American firms from trading with Iran".
        barring = "|".join(sorted(map(verb_forms, w.dealing_ban_verbs)))
        dealing = "|".join(sorted(map(verb_forms, w.dealing_verbs | w.instrument_dealing_verbs)))
        restrict += rf"|\b(?:{barring})\b.{{0,80}}?\bfrom (?:{dealing})\b"
        # Secondary penalties: "a bill penalising foreign firms that invest in Iran".
        penalising = "|".join(sorted(map(verb_forms, w.secondary_penalty_verbs)))
        dealers = alternation({n[:-1] if n.endswith("y") else n for n in w.dealer_nouns})
        restrict += rf"|\b(?:{penalising})\b{gap}{{0,40}}?\b(?:{dealers})\w*"
        # Entry bans: "banned 13 Canadians from entering Russia".
        banned = rf"\b(?:{'|'.join(sorted(map(verb_forms, w.entry_ban_verbs)))})"
        entering = rf"\bfrom (?:{'|'.join(sorted(map(verb_forms, w.entry_verbs)))})"
        restrict += rf"|{banned}.{{0,80}}?{entering}"  # "." too: "barred two U.S. senators"
        # A party's access cut: "restricted China's access to advanced chips".
        access = rf"\b(?:{alternation({v.removesuffix('e')[:5] for v in w.access_verbs})})\w*"
        restrict += rf"|{access}{gap}{{0,40}}?\b(?:{alternation(w.access_nouns)})\b"
        # Ordnance that counts only when a transfer word takes it ("the sale of 22,000
        # bombs"): parsed only with a transfer word near, not for every bombing story.
        transfer = {verb_forms(v) for v in (self.out_verbs | self.in_verbs) - self.use_verbs}
        transfer.update(map(noun_forms, (self.nouns_out.keys() | self.nouns_in.keys()) - {"use"}))
        transfer.update(map(re.escape, w.transfer_verb_irregular_forms))
        moved = rf"\b(?:{'|'.join(sorted(transfer))})\b"
        ordnance = rf"\b(?:{alternation(self.transfer_ordnance)})s?\b"
        restrict += rf"|{moved}[^.]{{0,60}}?{ordnance}|{ordnance}[^.]{{0,30}}?{moved}"
        return re.compile(
            rf"\b(?:{alternation(long_)})"
            rf"|\b(?:{alternation(short)})s?\b"
            rf"|{restrict}|(?-i:\b(?:{named})\b)",
            re.IGNORECASE,
        )

    # -- sanction triggers ------------------------------------------------------------------
    def sanction_phrases(self, doc: Doc) -> list[tuple[Span, str]]:
        """Multi-word sanction measures ("arms embargo", "asset freeze") with their category."""
        spans = [
            Span(doc, s, e, label=self.vocab.strings[m].split("|", 1)[1])
            for m, s, e in self._phrase(doc)
        ]
        return [(sp, sp.label_) for sp in filter_spans(spans)]

    # -- weapons ------------------------------------------------------------------------------
    def weapons(self, doc: Doc) -> list[WeaponSpan]:
        """Weapon mentions: generic terms (lemma-matched) and named designations."""
        spans: list[Span] = []
        for _m, s, e in self._weapon_lower(doc):
            spans.append(Span(doc, s, e, label=self.vocab.strings[_m]))
        # Lemma matching ("missiles" finds "missile"): a PhraseMatcher on LEMMA would need
        # lemmatised patterns, so compare windows of up to four lemmas with the terms.
        for i, tok in enumerate(doc):
            for n in (4, 3, 2, 1):
                if i + n > len(doc):
                    continue
                words = doc[i : i + n]
                key = " ".join(_lemma(t) for t in words)
                cat = self.weapon_terms.get(key)
                if cat:
                    spans.append(Span(doc, i, i + n, label=f"W|{cat}|{key}"))
                    break
            for pattern, cat in self.designations:
                if pattern.match(tok.text):
                    spans.append(Span(doc, i, i + 1, label=f"D|{cat}|{tok.text}"))
                    break
        out: list[WeaponSpan] = []
        for sp in filter_spans(spans):
            kind, cat, term = sp.label_.split("|", 2)
            if (
                kind == "W"
                and term in self.needs_military
                and not self._military_context(sp)
                and not (term in self.transfer_ordnance and self._transferred(sp))
            ):
                continue
            if kind == "W" and self._civil(sp, term):
                continue  # "radiator tanks", "oil storage tanks", "a think tank"
            if kind == "W" and sp.root.pos_ not in ("NOUN", "PROPN", "ADJ", "X", ""):
                # "arms" as in "arms of the government" is still a noun; verbs like
                # "tank" or "rocket" are not weapons.
                if sp.root.pos_ == "VERB":
                    continue
            out.append(WeaponSpan(sp.start, sp.end, cat, sp.text, designation=kind == "D"))
        return [self._named_category(w, out) for w in out]

    @staticmethod
    def _named_category(w: WeaponSpan, spans: list[WeaponSpan]) -> WeaponSpan:
        """A generic weapon noun takes the category of the named system that modifies it:
        "S-400 missiles" and "Patriot missiles" are air defence, not missiles (GUIDELINES:
        anti-aircraft missiles are air_defence)."""
        if w.designation:
            return w
        for d in spans:
            if d.designation and d.end == w.start and d.category != w.category:
                return WeaponSpan(w.start, w.end, d.category, w.text, designation=False)
            if d.end == w.start and d.category == "air_defence" and w.category == "missiles":
                # "air defence missiles", "anti-aircraft missiles", "surface-to-air missiles":
                # the hyphenated words split, so the modifier is its own span.
                return WeaponSpan(w.start, w.end, d.category, w.text, designation=False)
        return w

    def _civil(self, span: Span, term: str) -> bool:
        """Does a modifier of the term make it civil goods (weapons.json civil_compounds)?"""
        civil = self.civil_compounds.get(term)
        if not civil:
            return False
        mods = [
            t
            for t in span.root.subtree
            if t.i < span.root.i and t.dep_ in ("compound", "amod", "nmod")
        ]
        return any(_lemma(t) in civil or t.lower_ in civil for t in mods)

    def _military_context(self, span: Span) -> bool:
        """A generic word ("aircraft", "shells") is a weapon only with a military cue near it."""
        doc = span.doc
        lo, hi = max(0, span.start - 4), min(len(doc), span.end + 3)
        near = [t for t in doc[lo:hi] if not span.start <= t.i < span.end]  # not the word itself
        words = {t.lower_ for t in near} | {_lemma(t) for t in near}
        if words & self.military_cues:
            return True
        if any(p.match(t.text) for t in near for p, _ in self.designations):
            return True
        return self._military_taker(span)

    def _cue_phrase(self, tokens: list[Token]) -> bool:
        """A cue of several words among the tokens ("the Nigerian air force")."""
        text = " " + " ".join(t.lower_ for t in tokens) + " "
        return any(" " in c and f" {c} " in text for c in self.military_cues)

    def _military_taker(self, span: Span) -> bool:
        """A force that buys or takes the craft makes them military, however far its name
        is: "the Nigerian Air Force received 12 helicopters from Russia", "the Philippine army
        took delivery of four helicopters", "the Peruvian air force acquired eight aircraft"
        (the subject of a buying or receiving verb over the term, or over the noun whose
        'of' object it is), not "the police received 30 vehicles"."""
        tok = span.root
        for _ in range(4):  # "took delivery of the first batch of helicopters"
            if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ == "of":
                tok = tok.head.head
            elif tok.dep_ in ("dobj", "conj", "appos"):
                tok = tok.head
            else:
                break
            if tok.pos_ in ("VERB", "AUX"):
                break
        if tok.pos_ not in ("VERB", "AUX") or _lemma(tok) not in self.in_verbs:
            return False
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return False
        taker = list(subj.subtree)
        words = {t.lower_ for t in taker} | {_lemma(t) for t in taker}
        return bool(words & self.military_cues) or self._cue_phrase(taker)

    def prefilter_search(self, text: str) -> bool:
        """Does the text hold anything the rules could read? The dots of one-letter
        abbreviations ("U.S.", "U.K.") end no sentence here ("froze U.S. assets"): they are
        read as commas, which costs one scan instead of a look-behind at every character."""
        return self.prefilter.search(_INITIAL_DOT.sub(r"\1,", text)) is not None

    def origin(self, tokens: Iterable[Token]) -> tuple[str, ...]:
        """The states that make the named systems among `tokens` (weapons.json origins):
        "BrahMos missiles" -> IND, RUS; "a deal for Rafale jets" -> FRA; none for "missiles"."""
        toks = sorted(tokens, key=lambda t: t.i)
        texts = [t.text for t in toks]
        texts += [f"{a.text} {b.text}" for a, b in pairwise(toks) if b.i == a.i + 1]
        out: list[str] = []
        for text in texts:
            for rx, codes in self.origins:
                if rx.match(text):
                    out += [c for c in codes if c not in out]
        return tuple(out)

    def starts_effect(self, verb: Token) -> bool:
        """Does the verb start a measure: "take effect", "go into effect", "come into
        force", "put ... in(to) effect", "start" (`start_verbs`, `start_effect_nouns`;
        not "remain in force")?"""
        w = self.words
        into = ("into", "in") if _lemma(verb) in w.placing_verbs else ("into",)
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        objs += [
            o for c in verb.children if c.dep_ == "prep" and c.lower_ in into for o in c.children
        ]
        return _lemma(verb) in w.start_verbs or any(
            o.dep_ in ("dobj", "pobj") and _lemma(o) in w.start_effect_nouns for o in objs
        )

    def designated(self, text: str) -> bool:
        """Is this one token a named weapon system ("F-16s", "S-400", "Rafale")?"""
        return any(p.match(text) for p, _ in self.designations)

    def _transferred(self, span: Span) -> bool:
        """Ordnance a transfer word takes is a weapon: "sold bombs to", "the sale of 22,000
        bombs and guidance kits", "a shipment of grenades"; a use ("dropped bombs") is not."""
        cur = span.root
        for _ in range(6):
            head = cur.head
            if head == cur:
                return False
            lemma = _lemma(head)
            if cur.dep_ == "dobj" and head.pos_ == "VERB":
                return lemma in (self.out_verbs | self.in_verbs) - self.use_verbs
            if cur.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "of":
                up = head.head  # "the sale of ... bombs"; "a shipment of grenades"
                if up.pos_ == "NUM" or _lemma(up) in self.words.container_nouns:
                    cur = up  # "sold millions of bullets", "a batch of grenades"
                    continue
                return _lemma(up) in (self.nouns_out.keys() | self.nouns_in.keys()) - {"use"}
            if cur.dep_ not in ("conj", "appos", "compound", "nummod", "amod"):
                return False
            if cur.dep_ == "compound" and _lemma(head) not in self.words.hardware_nouns:
                return False  # "sold rocket engines", "shell companies": another thing
            cur = head
        return False

    # -- titles ---------------------------------------------------------------------------------
    def titles(self, doc: Doc) -> list[tuple[Span, str | None]]:
        """Official titles ("Foreign Minister") with the state they imply, if any."""
        spans = [Span(doc, s, e, label=m) for m, s, e in self._title_exact(doc)]
        out = []
        for sp in filter_spans(spans):
            code = self.vocab.strings[sp.label].split("|", 1)[1] or None
            out.append((sp, code))
        return out


_LEMMA_FIXES: dict[str, str] = lexicons.load("roles").get("lemma_fixes", {}).get("words", {})


def _lemma(tok: Token) -> str:
    if tok.lower_ in _LEMMA_FIXES:
        return _LEMMA_FIXES[tok.lower_]  # "hopes" lemmatised "hop" in some contexts
    lemma = tok.lemma_.lower() if tok.lemma_ else tok.lower_
    return lemma or tok.lower_
