"""The care team in the pages: a patient shares, a therapist reviews, writes and sets; revoking
ends it at once."""

from __future__ import annotations

import datetime as dt

from tests.app.conftest import PASSWORD, new_app, shown, sign_in_as, signed_in, texts
from tracker.domain import ProteinBasis, Role
from tracker.services import accounts, assessment, care
from tracker.services.access import Actor
from tracker.ui import session
from tracker.views import charts

SAVE = "FormSubmitter:{form}-{label}"


def submit(at, form: str, label: str):
    return at.button(key=SAVE.format(form=form, label=label)).click().run()


def review(therapist, patient_id: int):
    """The review page of ``patient_id`` as the therapist opens it from the caseload."""
    at = new_app()
    sign_in_as(at, therapist)
    at.run()  # the start page sends a therapist to the caseload (which clears the query)
    at.query_params["patient"] = str(patient_id)
    return at.switch_page("app_pages/patient_review.py").run()


def test_explore_the_demo_as_a_therapist_lands_on_the_caseload_in_order_of_need(
    app_db, monkeypatch
):
    # The demo's day ends when it is explored: explore it late, so that the whole day is told.
    late = dt.datetime.combine(dt.date.today(), dt.time(23, 30))
    monkeypatch.setattr(session, "local_now", lambda: late)
    at = new_app().run()
    at.button(key="explore_demo_therapist").click().run()
    assert not at.exception
    assert at.title[0].value == "Caseload"
    table = at.dataframe[0].value
    assert list(table["Patient"]) == [
        "Lena (demo)",  # an open red flag first
        "James (demo)",
        "Maria (demo)",
        "Tom (demo)",
        "Aisha (demo)",
    ]
    assert list(table["Status"]) == ["Act now", "Act now", "Act now", "Watch", "On track"]
    assert table["Last log"][3] == "9 days ago"
    assert table["Needs attention"][0].startswith("Act now: Red flags")
    assert table["Needs attention"][1].startswith("Act now: Rate of loss, Protein a day")
    assert (
        table["Needs attention"][2]
        == "Act now: Lean mass kept · Watch: Protein at meals, Staying active"
    )


def test_caseload_filters(demo_therapist):
    at = signed_in(demo_therapist, "app_pages/caseload.py")
    at.multiselect(key="caseload_status").set_value(["ok"]).run()
    assert list(at.dataframe[0].value["Patient"]) == ["Aisha (demo)"]
    at.multiselect(key="caseload_status").set_value(["alert", "watch", "ok", "unknown"])
    at.number_input(key="caseload_silent").set_value(5).run()
    assert list(at.dataframe[0].value["Patient"]) == ["Tom (demo)"]


def test_a_therapist_reviews_writes_a_note_and_sets_a_target_the_patient_then_sees(demo_pair):
    demo_patient, demo_therapist = demo_pair
    at = review(demo_therapist, demo_patient.id)
    assert not at.exception
    assert shown(at.header[0].value) == "Maria (demo)"
    # Every chart the patient sees, on demand, pain against strength sessions among them.
    at.pills(key="more_charts").set_value("all").run()
    assert [chart.key for chart in at.get("plotly_chart")] == [f"chart_{k}" for k in charts.KEYS]
    at.text_area(key="note_body").input("Two glute sessions a week, please.")
    submit(at, "note_form", "Save note")
    assert shown(at.success[0].value) == "Saved the note."
    at.number_input(key="target_protein_ok_g_per_kg").set_value(1.5)
    submit(at, "targets_form", "Save targets")
    assert shown(at.success[0].value) == "Saved: protein a day, at least."

    settings = signed_in(demo_patient, "app_pages/settings.py")
    rows = settings.dataframe[0].value
    protein = rows[rows["Target"] == "Protein a day, at least"].iloc[0]
    assert (protein["Value"], protein["Set by"]) == ("1.5 g per kg", "Sam, PT (demo)")
    sources = [e for e in settings.expander if e.label == "Where the targets come from"]
    assert sources and "Dietary Guidelines for Americans" in texts(settings)
    team = signed_in(demo_patient, "app_pages/care_team.py")
    assert "Two glute sessions a week, please." in [t.value for t in team.text]
    trail = team.dataframe[0].value
    assert set(trail["What"]) >= {"Opened your data", "Changed a target", "Wrote a note"}


def test_the_review_reads_the_period_chosen_and_saves_targets_in_one_go(app_db, demo_pair):
    demo_patient, demo_therapist = demo_pair
    at = review(demo_therapist, demo_patient.id)

    def days_logged(at) -> str:
        return next(m.value for m in at.metric if m.label == "Days logged")

    twelve_weeks = days_logged(at)
    assert twelve_weeks.endswith("of 84")
    at.radio(key="review_period").set_value("Since start").run()
    assert not at.exception
    assert at.radio(key="review_period").value == "Since start"
    assert days_logged(at) != twelve_weeks  # the page was read for the new period
    at.number_input(key="target_protein_ok_g_per_kg").set_value(1.4)
    at.number_input(key="target_strength_sessions_ok").set_value(3.0)
    submit(at, "targets_form", "Save targets")
    assert shown(at.success[0].value) == "Saved: protein a day, at least; strength sessions a week."
    _, set_for_her = assessment.targets(app_db, Actor.system(), demo_patient.id)
    assert {o.name: o.value for o in set_for_her} == {
        "protein_ok_g_per_kg": 1.4,
        "strength_sessions_ok": 3.0,
        "strength_sessions_ok_from_65": 3.0,  # a therapist's target holds at any age
    }


def test_a_therapist_chooses_the_weight_protein_is_judged_on(app_db, demo_pair):
    demo_patient, demo_therapist = demo_pair
    at = review(demo_therapist, demo_patient.id)
    assert at.selectbox(key="review_basis").value == "actual"  # Maria chose her own weight
    at.selectbox(key="review_basis").select("adjusted")
    submit(at, "basis_form", "Save protein basis")
    assert not at.exception
    assert shown(at.success[0].value) == "Protein is now judged on adjusted body weight."
    me = Actor.of(demo_patient)
    assert accounts.get_profile(app_db, me, demo_patient.id).protein_basis is ProteinBasis.ADJUSTED
    protein = next(
        f for f in assessment.assess(app_db, me, demo_patient.id) if f.code == "protein_daily"
    )
    assert protein.reference_basis == "adjusted"
    assert "Judged on adjusted body weight" in protein.note
    trail = care.audit_trail(app_db, me, demo_patient.id)
    assert (trail[0].actor_name, trail[0].detail) == (
        "Sam, PT (demo)",
        "Protein judged on: adjusted body weight",
    )


def test_the_progress_page_explains_ozempic_butt_once(demo_patient):
    at = signed_in(demo_patient, "app_pages/progress.py")
    assert not at.exception
    explained = [e for e in at.expander if e.label == 'What is "Ozempic butt"?']
    assert len(explained) == 1
    text = " ".join(m.value for m in explained[0].markdown)
    assert "look flatter and sag" in text and "strength training that works the glutes" in text


def test_a_therapist_adds_to_the_plan_and_the_patient_ticks_it_on_today(demo_pair):
    demo_patient, demo_therapist = demo_pair
    at = review(demo_therapist, demo_patient.id)
    at.selectbox(key="plan_exercise").select("step_up")
    at.number_input(key="plan_days").set_value(2)
    submit(at, "plan_form", "Add to plan")
    assert shown(at.success[0].value) == "Added Step-up to the plan."
    today = signed_in(demo_patient, "app_pages/today.py")
    step_up = next(c for c in today.checkbox if c.label.startswith("Step-up: 3 × 10"))
    step_up.check()
    submit(today, "plan_done_form", "Log ticked exercises as a session")
    assert shown(today.success[0].value) == "Saved a lower session with 1 plan exercise."
    step_up = next(c for c in today.checkbox if c.label.startswith("Step-up"))
    assert step_up.disabled and step_up.label.endswith("(done today)")
    # Maria had done the rest this morning: nothing is left to log today.
    assert all(c.disabled for c in today.checkbox if "plan_" in c.key)
    assert "All of today's plan is done." in [c.value for c in today.caption]
    assert not [b for b in today.button if b.label == "Log ticked exercises as a session"]


def test_sharing_by_code_then_revoking_ends_access_at_once(app_db):
    patient = accounts.create_user(app_db, "ana@example.com", PASSWORD, Role.PATIENT, "Ana")
    therapist = accounts.create_user(app_db, "pt@example.com", PASSWORD, Role.THERAPIST, "Sam")
    team = signed_in(patient, "app_pages/care_team.py")
    assert any("your data is yours alone" in i.value for i in team.info)
    team.button(key="create_code").click().run()
    code = shown(team.success[0].value).split("**")[1]

    caseload = signed_in(therapist, "app_pages/caseload.py")
    assert any("No patients share" in i.value for i in caseload.info)
    caseload.text_input(key="share_code").input(code)
    submit(caseload, "code_form", "Add patient")
    assert shown(caseload.success[0].value) == "Added Ana to your caseload."
    assert list(caseload.dataframe[0].value["Patient"]) == ["Ana"]

    team.run()
    share = care.shares_of_patient(app_db, Actor.of(patient), patient.id)[0]
    team.button(key=f"revoke_{share.id}").click().run()
    assert shown(team.success[0].value) == "Sam no longer has access."

    gone = review(therapist, patient.id)
    assert [i.value for i in gone.info] == ["Choose a patient from your caseload."]
    assert not gone.header and not gone.get("plotly_chart")
    assert any("No patients share" in i.value for i in caseload.run().info)


def test_a_therapist_accepts_an_invitation(app_db):
    patient = accounts.create_user(app_db, "ana@example.com", PASSWORD, Role.PATIENT, "Ana")
    therapist = accounts.create_user(app_db, "pt@example.com", PASSWORD, Role.THERAPIST, "Sam")
    team = signed_in(patient, "app_pages/care_team.py")
    team.text_input(key="invite_email").input("pt@example.com")
    submit(team, "invite_form", "Invite")
    assert shown(team.success[0].value).startswith("Invited Sam.")
    caseload = signed_in(therapist, "app_pages/caseload.py")
    share = care.shares_of_therapist(app_db, Actor.of(therapist), therapist.id)[0]
    caseload.button(key=f"accept_{share.id}").click().run()
    assert list(caseload.dataframe[0].value["Patient"]) == ["Ana"]


def test_guessing_share_codes_is_throttled_with_a_clear_message(app_db):
    patient = accounts.create_user(app_db, "ana@example.com", PASSWORD, Role.PATIENT, "Ana")
    therapist = accounts.create_user(app_db, "pt@example.com", PASSWORD, Role.THERAPIST, "Sam")
    code = care.create_share_code(app_db, Actor.of(patient), patient.id).code
    caseload = signed_in(therapist, "app_pages/caseload.py")
    for _ in range(care.CODE_ACCOUNT_MAX_FAILURES):
        caseload.text_input(key="share_code").input("ZZZZ-ZZZZ")
        submit(caseload, "code_form", "Add patient")
        assert shown(caseload.error[0].value).startswith("That code is not valid")
    caseload.text_input(key="share_code").input(code)
    submit(caseload, "code_form", "Add patient")
    assert shown(caseload.error[0].value).startswith("Too many failed share codes. Wait 15 min")
    assert caseload.text_input(key="share_code").value == code  # kept, to try again later
    assert care.shares_of_patient(app_db, Actor.of(patient), patient.id) == []


def test_sign_in_is_throttled_with_a_clear_message(app_db):
    accounts.create_user(app_db, "ana@example.com", PASSWORD, Role.PATIENT)
    at = new_app().run()
    at.text_input(key="sign_in_email").input("ana@example.com")
    at.text_input(key="sign_in_password").input("wrong password")
    for _ in range(accounts.ACCOUNT_MAX_FAILURES):
        submit(at, "sign_in", "Sign in")
        assert [shown(e.value) for e in at.error] == ["The email or password is not right."]
    at.text_input(key="sign_in_password").input(PASSWORD)
    submit(at, "sign_in", "Sign in")
    assert shown(at.error[0].value).startswith("Too many failed sign-ins. Wait 15 minutes")
    assert "user_id" not in at.session_state


def test_an_idle_session_is_signed_out(patient, monkeypatch):
    at = signed_in(patient, "app_pages/today.py")
    monkeypatch.setenv("TRACKER_IDLE_MINUTES", "0")
    at.run()
    assert at.info[0].value.startswith("You were signed out after 0 minutes without activity")
    assert "user_id" not in at.session_state


def test_a_therapists_report_is_recorded_in_the_patients_access_log(app_db, demo_pair):
    demo_patient, demo_therapist = demo_pair
    at = review(demo_therapist, demo_patient.id)
    at.button(key="review_report_make").click().run()
    assert not at.exception and not at.error
    assert at.session_state["review_report_pdf"][1].startswith(b"%PDF-")
    trail = care.audit_trail(app_db, Actor.of(demo_patient), demo_patient.id)
    assert (trail[0].action, trail[0].actor_name) == ("report", "Sam, PT (demo)")
