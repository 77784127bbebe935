"""Question kinds, registered in one place: `KINDS[question.type]`."""

from quiz.engine.kinds.base import Kind, Response
from quiz.engine.kinds.choice import SingleChoice, TrueFalse
from quiz.engine.kinds.multiple import MultipleSelect
from quiz.engine.kinds.numeric import NumericEstimate
from quiz.engine.kinds.open_text import OpenText, word_key
from quiz.engine.kinds.ordering import Ordering
from quiz.engine.kinds.poll import Poll

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        SingleChoice(), TrueFalse(), MultipleSelect(), NumericEstimate(), Ordering(), Poll(),
        OpenText(),
    )
}

__all__ = ["KINDS", "Kind", "Response", "word_key"]
