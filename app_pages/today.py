"""Today: log the day in under a minute and see the running totals."""

import datetime as dt

import pandas as pd
import streamlit as st

from tracker.domain import (
    OPTIONAL_LABELS,
    SEVERITY_WORDS,
    ActivityType,
    Entry,
    Focus,
    FunctionTest,
    InjectionSite,
    InvalidEntry,
    Kind,
    Meal,
    Medicine,
    Method,
    PainLocation,
    PainQuality,
    PainTrigger,
    PlanItem,
    Role,
    SideEffect,
    TestedAt,
)
from tracker.services import assessment, care, logbook
from tracker.ui import muscle_checks, session, widgets
from tracker.units import WaterUnit, format_number
from tracker.views import checkin, display, today
from tracker.views import medicine_words as medicines
from tracker.views import plan as plans
from tracker.views.red_flags import offers_check

user = widgets.signed_in_page("Today", ":material/today:", Role.PATIENT)
engine, me = session.engine(), session.actor(user)
now = session.local_now()

day = st.date_input(
    "Day", value=now.date(), max_value=now.date(), key="today_day", format="YYYY-MM-DD"
)
view = assessment.today_view(engine, me, user.id, day)
profile, log, plan = view.profile, view.log, view.plan
weight_unit = display.unit_of(Kind.WEIGHT, profile)
length_unit = display.unit_of(Kind.WAIST, profile)
water_unit = display.unit_of(Kind.WATER, profile)


def amount(key: str, what: str) -> float:
    value = st.session_state.get(key)
    if value is None:
        raise InvalidEntry(f"Enter the {what} first.")
    return float(value)


def when() -> tuple[dt.date, dt.time | None]:
    """The day chosen at the moment of saving, and the time of day if that day is today."""
    clock = session.local_now()
    chosen = st.session_state.get("today_day") or clock.date()
    return chosen, clock.time().replace(second=0, microsecond=0) if chosen == clock.date() else None


def entry_of(kind: Kind, value: float, label: str = "", **fields) -> Entry:
    """An entry of the chosen day from a value typed in the patient's unit."""
    chosen, clock = when()
    return Entry(
        kind, chosen, display.to_metric(kind, value, profile), clock, label=label, **fields
    )


def save(form: str, kind: Kind, value: float, label: str = "", **fields) -> Entry:
    """Save one entry from ``form``, once however often the same submission is sent."""
    entry = entry_of(kind, value, label, **fields)
    return logbook.log_entry(engine, me, user.id, entry, widgets.submission(form))


def said(entry: Entry) -> str:
    shown = display.value_text(entry.kind, entry.value, profile)
    return f"Saved {display.kind_name(entry.kind).lower()}: {shown}."


def weight_asked(key: str, weight: float, card: checkin.CheckIn) -> None:
    """Ask once before saving a weight far from the last weigh-in; the same number sent again
    is saved (a second look, not a refusal)."""
    question = checkin.weight_jump(card, log, weight, profile)
    asked = f"{key}__asked"
    if question and st.session_state.get(asked) != weight:
        st.session_state[asked] = weight
        raise widgets.Question(question)
    st.session_state.pop(asked, None)


def offer_check_after(form: str, entries: list[Entry]) -> None:
    if offers_check(entries):
        st.session_state[widgets.RED_FLAG_OFFER] = form


def red_flag_offer(form: str) -> None:
    """After a severe symptom saved from ``form``, the way to the red-flag check, beside it."""
    if st.session_state.get(widgets.RED_FLAG_OFFER) != form:
        return
    with st.container(border=True):
        st.warning(
            "That is severe. Take a minute to check for red-flag symptoms: a few of them "
            "need care today or at once.",
            icon=":material/emergency:",
        )
        st.page_link(
            widgets.RED_FLAG_PAGE, label="Run the red-flag check", icon=":material/emergency:"
        )


# --- the morning check-in: the routine in one card and one save ------------------------------

card = checkin.offer(log, profile, now.time())
CHECKIN_RESET = {
    "checkin_weight": None,
    "checkin_protein": None,
    "checkin_glasses": None,
    "checkin_dose": False,
    "checkin_symptoms": [],
    "checkin_grade": checkin.SYMPTOM_GRADES[0],
}
for key, start in CHECKIN_RESET.items():  # in session state, so that a save can reset them
    st.session_state.setdefault(key, start)


def log_checkin() -> None:
    def action() -> str:
        state = st.session_state
        answers = checkin.Answers(
            weight=state.checkin_weight,
            protein_g=state.checkin_protein,
            glasses=state.checkin_glasses or 0,
            took_dose=bool(state.checkin_dose),
            symptoms=tuple(SideEffect(s) for s in state.checkin_symptoms),
            grade=state.checkin_grade or checkin.SYMPTOM_GRADES[0],
        )
        if answers.weight is not None:
            weight_asked("checkin_weight", answers.weight, card)
        made = checkin.entries(card, answers, when()[1], profile)
        stored = logbook.log_entries(engine, me, user.id, made, widgets.submission("checkin"))
        offer_check_after("checkin", stored)
        return checkin.saved_sentence(stored, profile)

    widgets.run_action("checkin", action, CHECKIN_RESET)


with st.container(border=True, key="checkin"):
    st.subheader("Check-in" if day == now.date() else f"Check-in for {day:%A %d %B}")
    with st.form("checkin_form", border=False, enter_to_submit=False):
        # A row that stays a row on a phone (columns stack there): two short numbers.
        numbers = st.container(horizontal=True)
        numbers.number_input(
            f"Weight ({weight_unit})",
            value=None,
            step=0.1,
            format="%.1f",
            key="checkin_weight",
            placeholder="e.g. 82.4" if weight_unit == "kg" else "e.g. 181.6",
        )
        numbers.number_input(
            f"{card.meal.value.capitalize()} protein (g)",
            value=None,
            step=1.0,
            format="%.0f",
            key="checkin_protein",
            placeholder="25-40 g",
        )
        glass = display.water_text(
            display.to_metric(Kind.WATER, card.glass, profile), profile.water_unit
        )
        st.segmented_control(
            f"Water: how many glasses of {glass}",
            checkin.GLASSES,
            format_func=str,
            key="checkin_glasses",
            width="stretch",
        )
        if card.dose is None:
            st.caption("Log your first dose in the Dose tab below; after it, it is one tap here.")
        elif card.dose.is_due:
            site = f", {display.SITE_NAMES[card.dose.site].lower()}" if card.dose.site else ""
            took = "tablet" if card.dose.site is None else "dose"
            st.checkbox(
                f"Took my {took}: {card.dose.dose_mg:g} mg {medicines.name(card.dose.medicine)}"
                f"{site}",
                key="checkin_dose",
                help="Another dose or site? Use the Dose tab below.",
            )
        else:
            st.caption(
                f"Next {medicines.name(card.dose.medicine)} dose: {card.dose.next_day:%A %d %B}."
            )
        st.pills(
            "Symptoms: tap any you have (none: leave blank)",
            list(SideEffect),
            selection_mode="multi",
            format_func=display.SIDE_EFFECT_NAMES.get,
            key="checkin_symptoms",
        )
        st.segmented_control(
            "How strong",
            checkin.SYMPTOM_GRADES,
            format_func=SEVERITY_WORDS.__getitem__,
            key="checkin_grade",
            width="stretch",
            help="For several symptoms of different strengths, use the Symptoms tab below.",
        )
        st.form_submit_button(
            "Save check-in", type="primary", on_click=log_checkin, width="stretch"
        )
    widgets.outcome("checkin")
    red_flag_offer("checkin")

# --- the day so far --------------------------------------------------------------------------

with st.container(border=True):
    st.subheader("So far" if day == now.date() else f"On {day:%A %d %B}")
    for total, shown, target in (
        (
            log.protein,
            f"{format_number(log.protein.amount, 0)} g",
            f"{format_number(log.protein.target or 0, 0)} g",
        ),
        (log.meals, display.count_text(log.meals.amount, "meal"), f"{log.meals.target:g}"),
        (
            log.water,
            display.water_text(log.water.amount, profile.water_unit),
            display.water_text(log.water.target, profile.water_unit),
        ),
        (
            log.strength_week,
            display.count_text(log.strength_week.amount, "session"),
            f"{log.strength_week.target:g}",
        ),
        (log.activity_week, f"{log.activity_week.amount:g} min", f"{log.activity_week.target:g}"),
    ):
        widgets.total_bar(total, f"{shown} of {target}" if total.target else shown)
    if log.protein.target is None:
        st.caption("Log your weight to get protein and water targets.")

# --- the therapist's exercise plan -------------------------------------------------------------

if plan.items:
    with st.container(border=True):
        st.subheader("Your exercise plan")
        if plan.adherence_pct is not None:
            st.caption(f"{plan.adherence_pct:.0f} % of this week's plan done.")

        def log_plan() -> None:
            def action() -> str:
                chosen = [item.id for item in plan.items if st.session_state.get(f"plan_{item.id}")]
                entry = care.complete_plan(
                    engine, me, user.id, chosen, amount("plan_minutes", "minutes"), when()[0]
                )
                exercises = "exercise" if len(chosen) == 1 else "exercises"
                return f"Saved a {entry.label} session with {len(chosen)} plan {exercises}."

            reset = {f"plan_{item.id}": False for item in plan.items}
            widgets.run_action("plan", action, reset)

        def plan_checkbox(item: PlanItem) -> None:
            library = plan.exercise(item)
            dose = plans.dose_text(item)
            done = item.id in plan.done_today
            st.checkbox(
                f"{library.name}: {dose}" + (" (done today)" if done else ""),
                disabled=done,
                help=library.how,
                **({"value": True} if done else {}),
                key=f"plan_{item.id}_done" if done else f"plan_{item.id}",
            )

        if all(item.id in plan.done_today for item in plan.items):
            for item in plan.items:
                plan_checkbox(item)
            st.caption("All of today's plan is done.")
        else:
            with st.form("plan_done_form", border=False):
                for item in plan.items:
                    plan_checkbox(item)
                st.number_input("Minutes", value=20.0, step=5.0, format="%.0f", key="plan_minutes")
                st.form_submit_button(
                    "Log ticked exercises as a session", type="primary", on_click=log_plan
                )
        widgets.outcome("plan")

# --- the muscle checks: a chair stand and SARC-F every 4 weeks ----------------------------------


def log_test(form: str, test: FunctionTest) -> None:
    def action() -> str:
        chosen, clock = when()
        entry = muscle_checks.test_entry(
            f"{form}_value", test, profile, chosen, clock, TestedAt.HOME.value
        )
        saved = logbook.log_entry(engine, me, user.id, entry, widgets.submission(form))
        return muscle_checks.saved_words(saved, profile)

    widgets.run_action(form, action, {f"{form}_value": None})


def log_sarc_f(form: str) -> None:
    def action() -> str:
        entry = muscle_checks.sarc_f_entry(form, *when())
        saved = logbook.log_entry(engine, me, user.id, entry, widgets.submission(form))
        return muscle_checks.saved_words(saved, profile)

    widgets.run_action(form, action, muscle_checks.sarc_f_reset(form))


def chair_stand_form(form: str) -> None:
    test = FunctionTest.CHAIR_STAND_30S
    with st.form(f"{form}_form", border=False):
        muscle_checks.test_inputs(f"{form}_value", test, profile)
        st.form_submit_button(
            "Save the chair stand", type="primary", on_click=log_test, args=(form, test)
        )
    widgets.outcome(form)


def sarc_f_form(form: str) -> None:
    with st.form(f"{form}_form", border=False):
        muscle_checks.sarc_f_inputs(form)
        st.form_submit_button("Save the answers", type="primary", on_click=log_sarc_f, args=(form,))
    widgets.outcome(form)


due = view.due_tests
DUE_FORMS = {FunctionTest.CHAIR_STAND_30S: "due_chair_stand", FunctionTest.SARC_F: "due_sarc_f"}
just_saved = [test for test, form in DUE_FORMS.items() if widgets.has_outcome(form)]
if (due or just_saved) and day == now.date():
    with st.container(border=True, key="muscle_check"):
        st.subheader("Muscle check due" if due else "Muscle check")
        st.caption(
            "Every 4 weeks, two minutes: they show whether your muscle is being kept while the "
            "weight comes off, even without a body-composition scale."
        )
        for test, form in DUE_FORMS.items():
            # Just saved, the form stays where it was and says what was saved under its
            # button, where the tap was (the card would otherwise close up above it).
            if test in due or test in just_saved:
                st.markdown(
                    "**30-second chair stand**"
                    if test is FunctionTest.CHAIR_STAND_30S
                    else "**Five questions (SARC-F)**"
                )
                (chair_stand_form if test is FunctionTest.CHAIR_STAND_30S else sarc_f_form)(form)

# --- logging -----------------------------------------------------------------------------

tabs = st.tabs(["Weight", "Protein", "Water", "Strength", "Activity", "Dose", "Symptoms", "Tests"])

with tabs[0]:
    BODY_FIELDS = (
        (Kind.BODY_FAT, "body_fat", "Body fat (%)"),
        (Kind.LEAN_MASS, "lean_mass", f"Lean mass ({weight_unit})"),
        (Kind.WAIST, "waist", f"Waist ({length_unit})"),
        (Kind.HIP, "hip", f"Hip ({length_unit})"),
    )

    def log_weight() -> None:
        def action() -> str:
            state = st.session_state
            fields = [(Kind.WEIGHT, "weight_value"), *((k, key) for k, key, _ in BODY_FIELDS)]
            given = [(kind, state[key]) for kind, key in fields if state[key] is not None]
            if not given:
                raise InvalidEntry("Enter your weight first.")
            if state.weight_value is not None:
                weight_asked("weight_value", state.weight_value, card)
            entries = [
                entry_of(
                    kind,
                    value,
                    label=state.body_method if kind in OPTIONAL_LABELS else "",
                    note=state.weight_note if index == 0 else "",
                )
                for index, (kind, value) in enumerate(given)
            ]
            stored = logbook.log_entries(engine, me, user.id, entries, widgets.submission("weight"))
            return (
                "Saved "
                + ", ".join(
                    f"{display.kind_name(e.kind).lower()}: "
                    f"{display.value_text(e.kind, e.value, profile)}"
                    for e in stored
                )
                + "."
            )

        reset = {"weight_value": None, "weight_note": ""} | {k: None for _, k, _ in BODY_FIELDS}
        widgets.run_action("weight", action, reset)

    with st.form("weight_form", border=False):
        st.number_input(
            f"Weight ({weight_unit})",
            value=None,
            step=0.1,
            format="%.1f",
            key="weight_value",
            placeholder="e.g. 82.4",
        )
        with st.expander("Body composition and tape measure (optional)"):
            for kind, key, label in BODY_FIELDS:
                st.number_input(label, value=None, step=0.1, format="%.1f", key=key)
                if kind is Kind.LEAN_MASS:  # how the two above were measured, beside them
                    st.radio(
                        "Body fat and lean mass measured by",
                        [m.value for m in Method],
                        format_func=display.METHOD_NAMES.get,
                        horizontal=True,
                        key="body_method",
                        help="A DXA scan is precise enough to read a small change; a home scale "
                        "needs a larger loss before its readings mean much.",
                    )
        st.text_input("Note (optional)", key="weight_note")
        st.form_submit_button("Save", type="primary", on_click=log_weight)
    widgets.outcome("weight")

with tabs[1]:

    def log_protein() -> None:
        def action() -> str:
            state = st.session_state
            entry = save(
                "protein",
                Kind.PROTEIN,
                amount("protein_value", "grams of protein"),
                label=state.protein_meal,
                note=state.protein_note,
            )
            return f"{said(entry)[:-1]} at {entry.label}."

        widgets.run_action("protein", action, {"protein_value": None, "protein_note": ""})

    with st.form("protein_form", border=False):
        st.selectbox(
            "Meal",
            [m.value for m in Meal],
            key="protein_meal",
            index=list(Meal).index(today.meal_at(now.time())),
        )
        st.number_input(
            "Protein (g)",
            value=None,
            step=1.0,
            format="%.1f",
            key="protein_value",
            placeholder="25-40 g makes a meal count",
        )
        st.text_input("What you ate (optional)", key="protein_note")
        st.form_submit_button("Save protein", type="primary", on_click=log_protein)
    widgets.outcome("protein")

with tabs[2]:
    quick = (250.0, 500.0) if profile.water_unit is WaterUnit.ML else (8.0, 16.0)

    def log_water(volume: float | None = None) -> None:
        def action() -> str:
            value = volume if volume is not None else amount("water_value", "amount of water")
            return said(save("water", Kind.WATER, value))

        widgets.run_action("water", action, {} if volume else {"water_value": None})

    left, right = st.columns(2)
    for column, volume in zip((left, right), quick, strict=True):
        column.button(
            f"+ {volume:g} {display.unit_text(water_unit)}",
            on_click=log_water,
            args=(volume,),
            key=f"water_quick_{volume:g}",
            width="stretch",
        )
    with st.form("water_form", border=False):
        st.number_input(
            f"Other amount ({display.unit_text(water_unit)})",
            value=None,
            step=50.0 if water_unit == "ml" else 1.0,
            key="water_value",
        )
        st.form_submit_button("Save water", on_click=log_water)
    widgets.outcome("water")

with tabs[3]:
    EXERCISE_ROWS = 4
    EXERCISE_DEFAULTS = {"name": "", "sets": 3, "reps": 10, "load": None}
    for row in range(EXERCISE_ROWS):  # defaults live in session state, so a reset can restore them
        for part, default in EXERCISE_DEFAULTS.items():
            st.session_state.setdefault(f"exercise_{row}_{part}", default)

    def log_strength() -> None:
        def action() -> str:
            state = st.session_state
            entry = save(
                "strength",
                Kind.STRENGTH,
                amount("strength_minutes", "session length"),
                label=state.strength_focus,
                exercises=widgets.exercises_typed("exercise", EXERCISE_ROWS, profile),
                note=state.strength_note,
            )
            return f"Saved a {entry.label} session of {entry.value:g} minutes."

        reset: dict[str, object] = {"strength_minutes": None, "strength_note": ""}
        for row in range(EXERCISE_ROWS):
            reset |= {f"exercise_{row}_{part}": v for part, v in EXERCISE_DEFAULTS.items()}
        widgets.run_action("strength", action, reset)

    with st.form("strength_form", border=False):
        st.selectbox(
            "Focus",
            [f.value for f in Focus],
            key="strength_focus",
            help="Glutes or lower body at least once a week keeps the hips strong.",
        )
        st.number_input("Minutes", value=None, step=5.0, format="%.0f", key="strength_minutes")
        st.caption("Exercises (optional): leave a name empty to skip the row.")
        widgets.exercise_inputs("exercise", EXERCISE_ROWS, profile)
        st.text_input("Note (optional)", key="strength_note")
        st.form_submit_button("Save session", type="primary", on_click=log_strength)
    widgets.outcome("strength")

with tabs[4]:

    def log_activity() -> None:
        def action() -> str:
            state = st.session_state
            entry = save(
                "activity",
                Kind.ACTIVITY,
                amount("activity_minutes", "minutes"),
                label=state.activity_type,
                note=state.activity_note,
            )
            return f"Saved {entry.value:g} minutes of {entry.label}."

        widgets.run_action("activity", action, {"activity_minutes": None, "activity_note": ""})

    with st.form("activity_form", border=False):
        st.selectbox("Activity", [a.value for a in ActivityType], key="activity_type")
        st.number_input("Minutes", value=None, step=5.0, format="%.0f", key="activity_minutes")
        st.text_input("Note (optional)", key="activity_note")
        st.form_submit_button("Save activity", type="primary", on_click=log_activity)
    widgets.outcome("activity")

with tabs[5]:
    last = log.last_dose
    usual = today.usual_medicine(last, profile)
    choices = medicines.choice_values(keeping=usual)
    sites = [s.value for s in InjectionSite]

    def log_dose() -> None:
        def action() -> str:
            state = st.session_state
            medicine = Medicine(state.dose_medicine)
            entry = save(
                "dose",
                Kind.DOSE,
                amount("dose_mg", "dose"),
                label=medicine.value,
                site="" if medicines.is_tablet(medicine) else state.get("dose_site", ""),
                note=state.dose_note,
            )
            where = f" in the {display.SITE_NAMES[entry.site].lower()}" if entry.site else ""
            return f"Saved {entry.value:g} mg of {medicines.name(medicine)}{where}."

        widgets.run_action("dose", action, {"dose_note": ""})

    if last:
        taken = f"Last dose: {last.value:g} mg {medicines.name(usual)} on {last.day:%d %b}"
        if medicines.is_tablet(last.label):
            st.info(f"{taken}.", icon=":material/medication:")
        else:
            site = display.SITE_NAMES.get(last.site, "site not noted").lower()
            st.info(
                f"{taken}, in the {site}. Rotate to a new site each time.",
                icon=":material/vaccines:",
            )
    with st.form("dose_form", border=False):
        st.selectbox(
            "Medicine",
            choices,
            index=choices.index(usual.value),
            format_func=medicines.described,
            key="dose_medicine",
        )
        st.number_input(
            "Dose (mg)", value=last.value if last else None, step=0.05, format="%.2f", key="dose_mg"
        )
        if medicines.is_tablet(usual):
            st.caption(medicines.how_to_take(usual))
        else:
            st.selectbox(
                "Injection site",
                sites,
                key="dose_site",
                index=sites.index(today.next_site(last.site if last else None)),
                format_func=display.SITE_NAMES.get,
                help="Not saved for a tablet.",
            )
        st.text_input("Note (optional)", key="dose_note")
        st.form_submit_button("Save dose", type="primary", on_click=log_dose)
    widgets.outcome("dose")

with tabs[6]:

    def log_side_effects() -> None:
        def action() -> str:
            state = st.session_state
            graded = [
                (effect, SEVERITY_WORDS.index(state[f"effect_{effect}"]))
                for effect in SideEffect
                if state.get(f"effect_{effect}") is not None
            ]
            if not graded:
                raise InvalidEntry("Choose how strong at least one side effect was.")
            stored = logbook.log_entries(
                engine,
                me,
                user.id,
                [entry_of(Kind.SIDE_EFFECT, grade, label=str(effect)) for effect, grade in graded],
                widgets.submission("side_effects"),
            )
            offer_check_after("symptoms", stored)
            return (
                "Saved "
                + ", ".join(
                    f"{display.SIDE_EFFECT_NAMES[e.label].lower()}: {SEVERITY_WORDS[int(e.value)]}"
                    for e in stored
                )
                + "."
            )

        widgets.run_action(
            "side_effects", action, {f"effect_{effect}": None for effect in SideEffect}
        )

    def log_pain() -> None:
        def action() -> str:
            state = st.session_state
            entry = logbook.log_entry(
                engine,
                me,
                user.id,
                entry_of(
                    Kind.PAIN,
                    state.pain_score,
                    label=str(state.pain_where),
                    tags=tuple(str(tag) for tag in (*state.pain_like, *state.pain_when)),
                    note=state.pain_note,
                ),
                widgets.submission("pain"),
            )
            offer_check_after("symptoms", [entry])
            where = display.PAIN_LOCATION_NAMES[entry.label].lower()
            return f"Saved pain {entry.value:g}/10 in the {where}."

        widgets.run_action(
            "pain", action, {"pain_score": 0, "pain_like": [], "pain_when": [], "pain_note": ""}
        )

    st.markdown("**Side effects today**")
    with st.form("side_effects_form", border=False):
        st.caption("Answer only those you want to log; leave the rest blank.")
        halves = st.columns(2)
        for index, effect in enumerate(SideEffect):
            halves[index % 2].radio(
                display.SIDE_EFFECT_NAMES[effect],
                SEVERITY_WORDS,
                index=None,
                horizontal=True,
                key=f"effect_{effect}",
            )
        st.form_submit_button("Save side effects", type="primary", on_click=log_side_effects)
    widgets.outcome("side_effects")

    st.markdown("**Buttock or hip pain**")
    with st.form("pain_form", border=False):
        st.selectbox(
            "Where",
            list(PainLocation),
            key="pain_where",
            format_func=display.PAIN_LOCATION_NAMES.get,
        )
        st.slider(
            "How strong (0 none, 10 the worst imaginable)",
            min_value=0,
            max_value=10,
            value=0,
            key="pain_score",
        )
        st.multiselect(
            "What it is like",
            list(PainQuality),
            key="pain_like",
            format_func=display.PAIN_TAG_NAMES.get,
        )
        st.multiselect(
            "When it comes",
            list(PainTrigger),
            key="pain_when",
            format_func=display.PAIN_TAG_NAMES.get,
        )
        st.text_input("Note (optional)", key="pain_note")
        st.form_submit_button("Save pain", type="primary", on_click=log_pain)
    widgets.outcome("pain")

    red_flag_offer("symptoms")

with tabs[7]:

    def any_test() -> None:
        test = muscle_checks.test_picker("test_choice")
        form = f"test_{test.value}"
        with st.form(f"{form}_form", border=False):
            muscle_checks.test_inputs(f"{form}_value", test, profile)
            st.form_submit_button(
                "Save the result", type="primary", on_click=log_test, args=(form, test)
            )
        widgets.outcome(form)

    any_test()
    if FunctionTest.SARC_F not in due or day != now.date():
        st.markdown("**Five questions (SARC-F)**")
        st.caption(muscle_checks.INFO[FunctionTest.SARC_F].how)
        sarc_f_form("sarc_f")

# --- what was logged ------------------------------------------------------------------------

st.subheader("Logged" + (" today" if day == now.date() else f" on {day:%d %B}"))
if not log.entries:
    st.info(
        "Nothing logged yet for this day: start with your weight or your breakfast protein.",
        icon=":material/edit_note:",
    )
else:
    # A plain table: a day's few rows need no sorting or scrolling, and it draws at once.
    st.table(
        pd.DataFrame(
            {
                "Time": [e.time.strftime("%H:%M") if e.time else "" for e in log.entries],
                "What": [display.kind_name(e.kind) for e in log.entries],
                "Amount": [display.value_text(e.kind, e.value, profile) for e in log.entries],
                "Details": [display.detail(e, profile) for e in log.entries],
            }
        ),
        hide_index=True,
    )
    st.page_link(
        "app_pages/history.py", label="Change or delete an entry in History", icon=":material/edit:"
    )
