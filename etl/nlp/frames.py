"""Role assignment from the dependency parse: sanction and arms-transfer frames.

One `SentenceFrames` per parsed candidate sentence. Each trigger (a sanction measure, or a
transfer predicate linked to a weapon) becomes a `Frame` whose sides come from grammatical
relations, not word order: subjects and passive agents, objects and datives, prepositions
("on", "against", "to", "from", "by", "with"), noun modifiers ("U.S. sanctions",
"Iranian-made drones", "Iran's provision of ..."), coordination ("X, alongside Y and Z"),
control ("urged the EU to impose ..."), and the article context for pronouns and titles.

The rules live in one module per concept: `syntax` (grammar walks), `parties` (what a
phrase stands for), `status` (modality and claims), `sanctions` and `arms` (the two frame
families); the word lists they use are in `etl/lexicons/roles.json`.
"""

from __future__ import annotations

from spacy.tokens import Token

from etl.nlp.arms import ArmsFrames
from etl.nlp.rules import _lemma
from etl.nlp.sanctions import SanctionFrames
from etl.nlp.sides import Frame, Side


class SentenceFrames(SanctionFrames, ArmsFrames):
    """Finds frames in one parsed sentence."""

    def frames(self) -> list[Frame]:
        out = self.sanction_frames()
        if self.may_hold_transfer():
            self.document_authors = False  # "a law that punishes buyers of Russian arms"
            out += self.arms_frames(self._inside_sanctions())
            self._misused_supplies(out)
        return out

    def _misused_supplies(self, frames: list[Frame]) -> None:
        """ "suspended military aid to Guatemala over the use of armored vehicles donated by
        Washington": weapons a sender supplied, named in the reason for its measure, went
        to the measure's target; fills the recipient such a transfer leaves open."""
        measures = [f for f in frames if f.type == "sanction" and f.sources and f.targets]
        for f in frames:
            if f.type != "arms_transfer" or not f.sources or f.targets:
                continue
            pred = self.doc[f.predicate]
            for g in measures:
                if not set(g.sources) & set(f.sources):
                    continue
                anchor = self.doc[g.predicate]
                reasons = [
                    c
                    for h in (anchor, anchor.head)
                    for c in h.children
                    if c.dep_ == "prep" and c.lower_ in self.w.reason_preps
                ]
                if any(pred in r.subtree for r in reasons):
                    f.targets = [t for t in g.targets if t not in f.sources]
                    f.target_how = "syntax"
                    f.confidence = min(f.confidence + 0.3, 0.95) if f.targets else f.confidence
                    break

    def _firm_halt(self, verb: Token) -> bool:
        """A firm halting its own deliveries ("Dassault suspended deliveries of Mirage jets
        to Egypt over late payments") imposes no measure (GUIDELINES.md); the deliveries it
        halts are a transfer from its home state, read by the arms frames."""
        subj, passive = self.subject(verb)
        return subj is not None and not passive and self._firm(subj)

    def _inside_sanctions(self) -> set[int]:
        """Tokens governed by a sanction trigger ("arms embargo", "ban on arms sales")."""
        out: set[int] = set()
        for tok, _cat, is_verb in self.sanction_anchors():
            if is_verb and self._firm_halt(tok):
                continue  # "Dassault suspended deliveries of Mirages to Egypt": no measure
            if is_verb and self._asked_halt(tok):
                continue  # "asked France to stop selling arms to Iraq": the sales go on
            out.update(t.i for t in tok.subtree)
            if not is_verb and _lemma(tok) in self.w.cut_nouns:
                # "weighing a halt to military aid", the aid hung on the verb: still cut
                out.update(t.i for o in self._cut_noun_objects(tok) for t in o.subtree)
            aside = self.w.reason_preps
            if is_verb:  # "suspended aid to Pakistan after its sale of missiles to Iran"
                aside = aside | self.w.skip_preps | self.w.subordinating_preps
            for c in tok.children:  # "sanctioned Ankara for buying Russian jets": its own act
                if (c.dep_ == "prep" and c.lower_ in aside) or (is_verb and c.dep_ == "advcl"):
                    # ("voted to block aid to the rebels until Reagan accounts for the sale of
                    # arms to Iran": a clause beside the measure tells of another act)
                    out.difference_update(t.i for t in c.subtree)
        return out


__all__ = ["Frame", "SentenceFrames", "Side"]
