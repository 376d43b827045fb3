"""The red-flag checklist: symptoms that must never wait, each with what to do and its source.

A patient can run it any time (and is offered it after logging severe pain or a severe side
effect). Any "yes" shows its action at once, is stored, raises the ``red_flag`` finding, and
puts the patient at the top of their therapist's caseload until the therapist acknowledges it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from tracker.domain import Entry, Kind, RedFlag

SEVERE_PAIN_SCORE = 7
"""Pain from 7 on the 0-10 scale is severe (the common mild 1-3, moderate 4-6, severe 7-10
bands): logging it offers the checklist."""
SEVERE_GRADE = 3
"""A side effect graded severe offers the checklist."""


def offers_check(entries: list[Entry]) -> bool:
    """Whether just-logged entries call for the checklist: severe pain or a severe side effect."""
    return any(
        (entry.kind is Kind.PAIN and entry.value >= SEVERE_PAIN_SCORE)
        or (entry.kind is Kind.SIDE_EFFECT and entry.value >= SEVERE_GRADE)
        for entry in entries
    )


SEED_ARTICLE = "the article on buttock changes with GLP-1 medicines that this app is built on"


class Urgency(IntEnum):
    """How soon to act; a higher value comes first."""

    PRESCRIBER_TODAY = 1
    DOCTOR_TODAY = 2
    URGENT_CARE = 3
    STOP_AND_GET_CARE = 4
    EMERGENCY = 5


URGENCY_WORDS = {
    Urgency.EMERGENCY: "Emergency: call an ambulance (112 in Europe, 911 in the US) or go to the "
    "emergency department now.",
    Urgency.STOP_AND_GET_CARE: "Do not take your next dose, and get medical care now.",
    Urgency.URGENT_CARE: "Go to urgent care or an emergency department today.",
    Urgency.DOCTOR_TODAY: "See a doctor today.",
    Urgency.PRESCRIBER_TODAY: "Call the doctor who prescribes your GLP-1 medicine today.",
}


@dataclass(frozen=True, slots=True)
class RedFlagItem:
    code: RedFlag
    question: str
    concern: str
    urgency: Urgency
    source: str

    @property
    def action(self) -> str:
        return URGENCY_WORDS[self.urgency]


CHECKLIST: tuple[RedFlagItem, ...] = (
    RedFlagItem(
        RedFlag.BUTTOCK_COMPARTMENT,
        "Is a buttock tense and swollen, with severe pain when you move the hip, numbness or "
        "tingling down the leg, or dark (tea-coloured) urine?",
        "Possible gluteal compartment syndrome or muscle breakdown (rhabdomyolysis).",
        Urgency.EMERGENCY,
        f"Case reports of gluteal compartment syndrome and rhabdomyolysis ({SEED_ARTICLE})",
    ),
    RedFlagItem(
        RedFlag.CAUDA_EQUINA,
        "Do you have numbness around the groin or buttocks (the saddle area), new trouble "
        "controlling your bladder or bowel, or weakness in both legs?",
        "Possible cauda equina syndrome, pressure on the nerves at the base of the spine.",
        Urgency.EMERGENCY,
        "NICE guideline on sciatica and cauda equina syndrome",
    ),
    RedFlagItem(
        RedFlag.INFECTION,
        "Is there a red, warm, swollen, very painful area, and do you have a fever?",
        "Possible infection, such as an abscess at an injection site.",
        Urgency.DOCTOR_TODAY,
        SEED_ARTICLE,
    ),
    RedFlagItem(
        RedFlag.FALL,
        "Did the pain start after a fall or an accident?",
        "Possible fracture of the pelvis or hip, more likely after losing muscle and bone.",
        Urgency.URGENT_CARE,
        SEED_ARTICLE,
    ),
    RedFlagItem(
        RedFlag.PANCREATITIS,
        "Do you have severe belly pain that does not go away, sometimes reaching your back, "
        "with or without vomiting?",
        "Possible inflammation of the pancreas (pancreatitis).",
        Urgency.STOP_AND_GET_CARE,
        "Wegovy and Zepbound US prescribing information: acute pancreatitis",
    ),
    RedFlagItem(
        RedFlag.GALLBLADDER,
        "Do you have pain in the upper right belly with fever, or yellow skin or eyes?",
        "Possible gallbladder problems (gallstones, inflammation).",
        Urgency.PRESCRIBER_TODAY,
        "Wegovy and Zepbound US prescribing information: acute gallbladder disease",
    ),
    RedFlagItem(
        RedFlag.DEHYDRATION,
        "Are vomiting or diarrhoea keeping you from drinking, or are you passing little urine?",
        "Possible dehydration, which can harm the kidneys.",
        Urgency.PRESCRIBER_TODAY,
        "Wegovy and Zepbound US prescribing information: acute kidney injury",
    ),
)

BY_CODE: dict[str, RedFlagItem] = {item.code.value: item for item in CHECKLIST}


def most_urgent_first(codes: list[str]) -> list[RedFlagItem]:
    """The checklist items answered 'yes', the most urgent first."""
    items = {BY_CODE[code] for code in codes if code in BY_CODE}
    return sorted(items, key=lambda item: (-item.urgency, CHECKLIST.index(item)))
