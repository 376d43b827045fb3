"""Plain explanations the pages show beside the findings."""

from __future__ import annotations

from tracker.rules import targets as t
from tracker.units import format_number

OZEMPIC_BUTT_TITLE = 'What is "Ozempic butt"?'

OZEMPIC_BUTT = (
    '"Ozempic butt" is a nickname, not a diagnosis. When weight comes off fast, as it can on '
    "GLP-1 medicines such as Ozempic, Wegovy, Mounjaro or Zepbound, the buttocks lose fat, and "
    "often muscle and firmness too, so they can look flatter and sag.\n\n"
    "What helps: losing weight gradually (about "
    f"{format_number(t.GRADUAL_LOSS_MIN_PCT_PER_WEEK, 1)}-"
    f"{format_number(t.LOSS_OK_MAX_PCT_PER_WEEK, 1)} % of your body weight a week), eating "
    "enough protein spread over your meals, and strength training that works the glutes "
    "(bridges, squats, hip thrusts) from your first weeks on the medicine. The cards on this page "
    "show where you stand on each."
)
"""The seed article's explanation: loss of fat, muscle and firmness in the buttocks with fast
weight loss, and what helps."""
