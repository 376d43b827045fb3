"""The red-flag checklist: symptoms that must never wait, each with what to do and its source.

A patient can run it any time (and is offered it after logging severe pain or a severe side
effect). Any "yes" shows its action at once, is stored, raises the ``red_flag`` finding, and
puts the patient at the top of their therapist's caseload until the therapist acknowledges it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import IntEnum

from tracker.domain import Entry, Kind, Profile, RedFlag

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
LABELS = "US prescribing information for Wegovy, Ozempic, Rybelsus, Zepbound and Mounjaro"
"""The medicines' labels, each with the warning a question or note comes from."""


class Urgency(IntEnum):
    """How soon to act; a higher value comes first."""

    PRESCRIBER_SOON = 1
    PRESCRIBER_TODAY = 2
    DOCTOR_TODAY = 3
    URGENT_CARE = 4
    STOP_AND_GET_CARE = 5
    EMERGENCY = 6


URGENCY_WORDS = {
    Urgency.EMERGENCY: "Emergency: call an ambulance (112 in Europe, 911 in the US) or go to the "
    "emergency department now.",
    Urgency.STOP_AND_GET_CARE: "Do not take your next dose, and get medical care now.",
    Urgency.URGENT_CARE: "Go to urgent care or an emergency department today.",
    Urgency.DOCTOR_TODAY: "See a doctor today.",
    Urgency.PRESCRIBER_TODAY: "Call the doctor who prescribes your GLP-1 medicine today.",
    Urgency.PRESCRIBER_SOON: "Tell the doctor who prescribes your GLP-1 medicine soon, within a "
    "few days.",
}


@dataclass(frozen=True, slots=True)
class AskIf:
    """A question for some patients only: asked unless their profile says no, and naming the
    condition in the question while the profile has not said."""

    said: Callable[[Profile], bool | None]
    words: str
    """Put before the question while the profile has not said: 'If you have diabetes'."""


TAKES_INSULIN_OR_SULFONYLUREA = AskIf(
    lambda profile: profile.insulin_or_sulfonylurea, "If you take insulin or a sulfonylurea"
)
HAS_DIABETES = AskIf(lambda profile: profile.has_diabetes, "If you have diabetes")


@dataclass(frozen=True, slots=True)
class RedFlagItem:
    code: RedFlag
    question: str
    concern: str
    urgency: Urgency
    """How soon to act; orders the answers 'yes', the most urgent first."""
    source: str
    advice: str = ""
    """What to do in the item's own words, shown in place of its urgency's words."""
    ask_if: AskIf | None = None
    """Asked of everyone when None."""

    @property
    def action(self) -> str:
        return self.advice or URGENCY_WORDS[self.urgency]


CHECKLIST: tuple[RedFlagItem, ...] = (
    RedFlagItem(
        RedFlag.BUTTOCK_COMPARTMENT,
        "Is a buttock tense and swollen, with severe pain far worse than you would expect, and "
        "numbness, all three together?",
        "Possible gluteal compartment syndrome, pressure building up inside the buttock muscles.",
        Urgency.EMERGENCY,
        f"Case reports of gluteal compartment syndrome ({SEED_ARTICLE})",
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
        RedFlag.DARK_URINE,
        "Is your urine dark (tea- or cola-coloured), with muscle pain or weakness?",
        "Possible muscle breakdown (rhabdomyolysis), which can harm the kidneys.",
        Urgency.URGENT_CARE,
        f"Case reports of rhabdomyolysis ({SEED_ARTICLE})",
    ),
    RedFlagItem(
        RedFlag.FALL,
        "After a fall or an accident, are you injured, did you hit your head, or are you unable "
        "to put weight on your leg?",
        "Possible fracture of the pelvis or hip, more likely after losing muscle and bone, or a "
        "head injury.",
        Urgency.URGENT_CARE,
        SEED_ARTICLE,
    ),
    RedFlagItem(
        RedFlag.INFECTION,
        "Is there a red, warm, swollen, very painful area, and do you have a fever?",
        "Possible infection, such as an abscess at an injection site.",
        Urgency.DOCTOR_TODAY,
        SEED_ARTICLE,
    ),
    RedFlagItem(
        RedFlag.ALLERGIC_REACTION,
        "Do you have swelling of the face, lips, tongue or throat, trouble breathing or "
        "swallowing, a fast-spreading rash, or have you fainted?",
        "Possible severe allergic reaction (anaphylaxis or angioedema).",
        Urgency.EMERGENCY,
        f"{LABELS}: hypersensitivity reactions",
    ),
    RedFlagItem(
        RedFlag.LOW_BLOOD_SUGAR,
        "Do you have signs of low blood sugar: feeling shaky, sweaty or confused, or a fast "
        "heartbeat?",
        "Possible low blood sugar (hypoglycaemia), more likely when a GLP-1 medicine is taken "
        "with insulin or a sulfonylurea.",
        Urgency.URGENT_CARE,
        f"{LABELS}: hypoglycaemia with insulin or a sulfonylurea; the 15-15 rule (American "
        "Diabetes Association Standards of Care)",
        advice="Eat or drink something sugary now (glucose tablets, juice or a regular soft "
        "drink); if you do not feel better within 15 minutes, or you are confused or drowsy, "
        "get urgent care.",
        ask_if=TAKES_INSULIN_OR_SULFONYLUREA,
    ),
    RedFlagItem(
        RedFlag.PANCREATITIS,
        "Do you have severe belly pain that does not go away, sometimes reaching your back, "
        "with or without vomiting?",
        "Possible inflammation of the pancreas (pancreatitis).",
        Urgency.STOP_AND_GET_CARE,
        f"{LABELS}: acute pancreatitis",
    ),
    RedFlagItem(
        RedFlag.GALLBLADDER,
        "Do you have pain in the upper right belly together with a fever, or with yellow skin "
        "or eyes?",
        "Possible gallbladder problems (gallstones, inflammation).",
        Urgency.URGENT_CARE,
        f"{LABELS}: acute gallbladder disease",
    ),
    RedFlagItem(
        RedFlag.DEHYDRATION,
        "Are vomiting or diarrhoea keeping you from drinking, or are you passing little urine?",
        "Possible dehydration, which can harm the kidneys.",
        Urgency.PRESCRIBER_TODAY,
        f"{LABELS}: acute kidney injury",
    ),
    RedFlagItem(
        RedFlag.THYROID,
        "Do you have a lump or swelling in your neck, trouble swallowing, or a hoarse voice "
        "that does not go away?",
        "Possible thyroid lump, which the labels ask to have checked (a boxed warning about "
        "thyroid C-cell tumours).",
        Urgency.PRESCRIBER_SOON,
        f"{LABELS}: boxed warning, risk of thyroid C-cell tumours",
    ),
    RedFlagItem(
        RedFlag.VISION,
        "Have you noticed changes in your vision, such as blurring, dark spots or floaters?",
        "Possible worsening of diabetic eye disease (retinopathy), which can happen when blood "
        "sugar comes down quickly.",
        Urgency.PRESCRIBER_SOON,
        f"{LABELS}: diabetic retinopathy complications in patients with type 2 diabetes",
        ask_if=HAS_DIABETES,
    ),
)
"""Every question, in the order asked: the musculoskeletal ones this app is about, then the
medicines' label warnings. ``checklist_for`` picks a patient's own."""

BY_CODE: dict[str, RedFlagItem] = {item.code.value: item for item in CHECKLIST}

SURGERY_NOTE = (
    "Before any surgery, procedure or sedation (an endoscopy or a colonoscopy too), tell the "
    "team that you take a GLP-1 medicine. It slows how fast your stomach empties, and food left "
    "in it can be breathed into the lungs under anaesthesia or deep sedation."
)
"""Always shown on the check: not a question, a standing note."""
SURGERY_NOTE_SOURCE = (
    f"{LABELS}: pulmonary aspiration during general anaesthesia or deep sedation (added 2024)"
)


def checklist_for(profile: Profile) -> tuple[RedFlagItem, ...]:
    """The questions to ask this patient: those for some patients only unless the profile says
    they do not apply, naming their condition while it has not said."""
    asked = []
    for item in CHECKLIST:
        said = item.ask_if.said(profile) if item.ask_if else True
        if said is False:
            continue
        if said is None and item.ask_if:
            question = f"{item.ask_if.words}: {item.question[:1].lower()}{item.question[1:]}"
            item = replace(item, question=question)
        asked.append(item)
    return tuple(asked)


def most_urgent_first(codes: list[str]) -> list[RedFlagItem]:
    """The checklist items answered 'yes', the most urgent first (a code the checklist no longer
    holds is left out)."""
    items = {BY_CODE[code] for code in codes if code in BY_CODE}
    return sorted(items, key=lambda item: (-item.urgency, CHECKLIST.index(item)))
