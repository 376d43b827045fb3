"""The flows a patient goes through, driven the way a person would, checked in the database."""

from __future__ import annotations

import datetime as dt

from tests.app.conftest import PASSWORD, new_app, shown, signed_in
from tracker.domain import Exercise, Kind, Role
from tracker.services import accounts, logbook, web_sessions
from tracker.services.access import Actor
from tracker.views import today as today_module

SAVE = "FormSubmitter:{form}-{label}"


def submit(at, form: str, label: str):
    return at.button(key=SAVE.format(form=form, label=label)).click().run()


def entries(engine, user, kinds=None):
    return logbook.list_entries(engine, Actor.of(user), user.id, kinds=kinds)


# --- accounts -------------------------------------------------------------------------------


def test_sign_up_lands_on_today(app_db):
    at = new_app().run()
    at.text_input(key="sign_up_name").input("Ana")
    at.text_input(key="sign_up_email").input("ana@example.com")
    at.text_input(key="sign_up_password").input(PASSWORD)
    at.text_input(key="sign_up_repeat").input(PASSWORD)
    submit(at, "sign_up", "Create my account")
    assert not at.exception
    assert at.title[0].value == "Today"
    user = accounts.authenticate(app_db, "ana@example.com", PASSWORD)
    assert user.display_name == "Ana" and user.role is Role.PATIENT


def test_sign_up_refusal_keeps_what_was_typed_and_creates_nothing(app_db):
    at = new_app().run()
    at.text_input(key="sign_up_email").input("ana@example.com")
    at.text_input(key="sign_up_password").input("short")
    at.text_input(key="sign_up_repeat").input("short")
    submit(at, "sign_up", "Create my account")
    assert "at least 10 characters" in shown(at.error[0].value)
    assert at.text_input(key="sign_up_email").value == "ana@example.com"
    assert accounts.authenticate(app_db, "ana@example.com", "short") is None


def test_sign_in_and_a_wrong_password(patient):
    at = new_app().run()
    at.text_input(key="sign_in_email").input("maria@example.com")
    at.text_input(key="sign_in_password").input("not the password")
    submit(at, "sign_in", "Sign in")
    assert [shown(e.value) for e in at.error] == ["The email or password is not right."]
    assert "user_id" not in at.session_state
    at.text_input(key="sign_in_password").input(PASSWORD)
    submit(at, "sign_in", "Sign in")
    assert at.title[0].value == "Today"
    assert at.session_state["user_id"] == patient.id


def test_signing_in_hands_the_browser_a_token_and_signing_out_ends_it(patient, app_db):
    at = new_app().run()
    at.text_input(key="sign_in_email").input("maria@example.com")
    at.text_input(key="sign_in_password").input(PASSWORD)
    submit(at, "sign_in", "Sign in")
    token = at.session_state["web_session_token"]
    [cookie] = at.sidebar.get("html")
    assert f"glp1_tracker_session={token}; Path=/; SameSite=Strict" in cookie.proto.body
    assert cookie.proto.unsafe_allow_javascript
    idle = dt.timedelta(minutes=30)
    assert web_sessions.resume(app_db, token, idle).id == patient.id  # what a reload does
    at.sidebar.button(key="sign_out").click().run()
    assert web_sessions.resume(app_db, token, idle) is None


def test_explore_the_demo(app_db):
    at = new_app().run()
    at.button(key="explore_demo").click().run()
    assert at.title[0].value == "Today"
    assert shown(at.sidebar.markdown[0].value).startswith("**Maria (demo)**")


def test_sign_out(patient):
    at = signed_in(patient, "app_pages/today.py")
    at.sidebar.button(key="sign_out").click().run()
    assert "user_id" not in at.session_state
    assert at.title[0].value == "GLP-1 Muscle Tracker"


# --- logging on Today ---------------------------------------------------------------------------


def test_a_refused_weight_shows_why_keeps_the_number_and_writes_nothing(patient, app_db):
    at = signed_in(patient, "app_pages/today.py")
    at.number_input(key="weight_value").set_value(400.0)
    submit(at, "weight_form", "Save")
    assert "Weight must be between 25 and 350 kg" in shown(at.error[0].value)
    assert at.number_input(key="weight_value").value == 400.0
    assert entries(app_db, patient) == []


def test_log_each_kind_on_today(patient, app_db):
    at = signed_in(patient, "app_pages/today.py")
    at.number_input(key="weight_value").set_value(82.4)
    submit(at, "weight_form", "Save")
    assert shown(at.success[0].value) == "Saved weight: 82.4 kg."
    assert at.number_input(key="weight_value").value is None  # cleared for the next one

    at.selectbox(key="protein_meal").select("lunch")
    at.number_input(key="protein_value").set_value(35.0)
    submit(at, "protein_form", "Save protein")
    at.button(key="water_quick_500").click().run()
    at.number_input(key="water_value").set_value(330.0)
    submit(at, "water_form", "Save water")

    at.selectbox(key="strength_focus").select("glutes")
    at.number_input(key="strength_minutes").set_value(40.0)
    at.text_input(key="exercise_0_name").input("Hip thrust")
    at.number_input(key="exercise_0_load").set_value(60.0)
    at.text_input(key="exercise_1_name").input("Glute bridge")
    submit(at, "strength_form", "Save session")

    at.selectbox(key="activity_type").select("cycle")
    at.number_input(key="activity_minutes").set_value(30.0)
    submit(at, "activity_form", "Save activity")

    at.selectbox(key="dose_medicine").select("zepbound")
    at.number_input(key="dose_mg").set_value(5.0)
    at.selectbox(key="dose_site").select("thigh_right")
    submit(at, "dose_form", "Save dose")

    at.number_input(key="body_fat").set_value(38.5)
    at.number_input(key="waist").set_value(101.0)
    submit(at, "weight_form", "Save")
    assert shown(at.success[0].value) == "Saved body fat: 38.5 %, waist: 101 cm."
    assert not at.exception and not at.error

    logged = {e.kind: e for e in entries(app_db, patient)}
    assert logged[Kind.WEIGHT].value == 82.4
    assert (logged[Kind.PROTEIN].value, logged[Kind.PROTEIN].label) == (35.0, "lunch")
    assert sorted(e.value for e in entries(app_db, patient, [Kind.WATER])) == [330.0, 500.0]
    assert logged[Kind.STRENGTH].exercises == (
        Exercise("Hip thrust", 3, 10, 60.0),
        Exercise("Glute bridge", 3, 10),
    )
    assert (logged[Kind.ACTIVITY].label, logged[Kind.ACTIVITY].value) == ("cycle", 30.0)
    assert (logged[Kind.DOSE].label, logged[Kind.DOSE].site) == ("zepbound", "thigh_right")
    assert logged[Kind.BODY_FAT].value == 38.5 and logged[Kind.WAIST].value == 101.0
    assert logged[Kind.BODY_FAT].label == "scale"  # measured by: a home scale, the default
    assert Kind.LEAN_MASS not in logged
    # The running totals and the day's log show what was logged.
    totals = [p.proto.text for p in at.get("progress")]
    assert totals[0] == "**Protein:** 35 g of 99 g"  # 1.2 g/kg of the 82.4 kg weigh-in
    assert len(at.table[0].value) == len(entries(app_db, patient))


def test_a_refused_measurement_saves_none_of_the_form(patient, app_db):
    at = signed_in(patient, "app_pages/today.py")
    at.number_input(key="weight_value").set_value(80.0)
    at.number_input(key="body_fat").set_value(38.5)
    at.number_input(key="hip").set_value(900.0)
    submit(at, "weight_form", "Save")
    assert "Hip must be between" in shown(at.error[0].value)
    assert entries(app_db, patient) == []
    assert at.number_input(key="body_fat").value == 38.5


def test_the_dose_form_shows_the_last_site_and_suggests_the_next(demo_patient, app_db):
    at = signed_in(demo_patient, "app_pages/today.py")
    doses = logbook.list_entries(app_db, Actor.of(demo_patient), demo_patient.id, kinds=[Kind.DOSE])
    last = doses[-1]
    assert any(i.value.startswith(f"Last dose: {last.value:g} mg Wegovy") for i in at.info)
    assert at.selectbox(key="dose_site").value == today_module.next_site(last.site).value
    assert at.number_input(key="dose_mg").value == last.value


def test_water_quick_add_in_fluid_ounces(patient, app_db):
    from tracker.domain import Profile
    from tracker.units import WaterUnit

    accounts.update_profile(
        app_db, Actor.of(patient), patient.id, Profile(water_unit=WaterUnit.FL_OZ)
    )
    at = signed_in(patient, "app_pages/today.py")
    at.button(key="water_quick_8").click().run()
    assert shown(at.success[0].value) == "Saved water: 8 fl oz."
    assert entries(app_db, patient)[0].value == 237.0  # 8 x 29.57 ml


# --- Progress, History, Export, Settings ---------------------------------------------------------


def test_a_logged_weight_shows_in_progress_and_history(patient, app_db):
    at = signed_in(patient, "app_pages/today.py")
    for back, kg in ((14, 84.0), (7, 83.0), (0, 82.0)):
        at.date_input(key="today_day").set_value(dt.date.today() - dt.timedelta(days=back))
        at.number_input(key="weight_value").set_value(kg)
        submit(at, "weight_form", "Save")
    progress = at.switch_page("app_pages/progress.py").run()
    assert not progress.exception
    metrics = {m.label: m.value for m in progress.metric}
    assert metrics["Days logged"] == "3 of 84"
    assert metrics["Lost since start"].startswith("1.")  # 84 kg down to a trend of about 82.6
    assert progress.get("plotly_chart")
    history = at.switch_page("app_pages/history.py").run()
    assert list(history.dataframe[0].value["Amount"]) == ["82 kg", "83 kg", "84 kg"]


def test_edit_an_entry_in_history(patient, app_db):
    me = Actor.of(patient)
    from tracker.domain import Entry

    stored = logbook.log_entry(
        app_db, me, patient.id, Entry(Kind.PROTEIN, dt.date.today(), 30.0, label="lunch")
    )
    at = signed_in(patient, "app_pages/history.py")
    prefix = f"edit_protein:{stored.id}"
    at.number_input(key=f"{prefix}_value").set_value(3000.0)
    submit(at, f"{prefix}_form", "Save changes")
    assert "Protein must be between 0 and 300 g" in shown(at.error[0].value)
    assert logbook.get_entry(app_db, me, patient.id, Kind.PROTEIN, stored.id).value == 30.0
    at.number_input(key=f"{prefix}_value").set_value(42.0)
    at.selectbox(key=f"{prefix}_label").select("dinner")
    submit(at, f"{prefix}_form", "Save changes")
    assert shown(at.success[0].value) == "Saved the change."
    changed = logbook.get_entry(app_db, me, patient.id, Kind.PROTEIN, stored.id)
    assert (changed.value, changed.label) == (42.0, "dinner")


def test_delete_an_entry_in_history_asks_first(patient, app_db):
    me = Actor.of(patient)
    from tracker.domain import Entry

    logbook.log_entry(app_db, me, patient.id, Entry(Kind.WEIGHT, dt.date.today(), 80.0))
    at = signed_in(patient, "app_pages/history.py")
    assert at.button(key="history_delete").disabled
    at.checkbox(key="history_confirm_delete").check().run()
    at.button(key="history_delete").click().run()
    assert entries(app_db, patient) == []
    assert any("No entries match" in i.value for i in at.info)


def test_history_filters_by_kind(demo_patient):
    at = signed_in(demo_patient, "app_pages/history.py")
    at.multiselect(key="history_kinds").select(Kind.DOSE).run()
    assert set(at.dataframe[0].value["What"]) == {"GLP-1 dose"}


def test_export_offers_every_file_for_the_period(demo_patient):
    at = signed_in(demo_patient, "app_pages/export.py")
    assert not at.exception
    assert [b.label for b in at.download_button] == [
        "Download entries CSV",
        "Download daily report CSV",
        "Download FHIR record",
        "Download all my data",
    ]
    assert at.radio(key="export_report_paper").value == "A4"  # kilograms: not the US
    first, last = at.date_input(key="export_range").value
    assert last == dt.date.today()
    assert first == dt.date.today() - dt.timedelta(weeks=20, days=-1)


def test_the_clinician_report_is_made_then_downloaded(demo_patient):
    at = signed_in(demo_patient, "app_pages/export.py")
    at.date_input(key="export_range").set_value(
        (dt.date.today() - dt.timedelta(days=27), dt.date.today())
    )
    at.button(key="export_report_make").click().run()

    assert not at.exception and not at.error
    ready = at.session_state["export_report_pdf"]
    assert ready[0][1:] == (dt.date.today() - dt.timedelta(days=27), dt.date.today(), "A4")
    assert ready[1].startswith(b"%PDF-")
    assert "Download the report (PDF)" in [b.label for b in at.download_button]
    # Another paper is another report: the download gives way to making it again.
    at.radio(key="export_report_paper").set_value("Letter").run()
    assert "Download the report (PDF)" not in [b.label for b in at.download_button]
    assert at.button(key="export_report_make")


def test_a_report_that_cannot_be_made_says_why(demo_patient, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nowhere/chromium")
    monkeypatch.setattr("tracker.views.report.images._browser", None)
    at = signed_in(demo_patient, "app_pages/export.py")
    at.button(key="export_report_make").click().run()
    assert "need Chromium" in shown(at.error[0].value) and "apt-get install chromium" in shown(
        at.error[0].value
    )
    assert "export_report_pdf" not in at.session_state


def test_change_units_and_see_numbers_converted(patient, app_db):
    me = Actor.of(patient)
    from tracker.domain import Entry

    logbook.log_entry(app_db, me, patient.id, Entry(Kind.WEIGHT, dt.date.today(), 80.0))
    logbook.log_entry(app_db, me, patient.id, Entry(Kind.WATER, dt.date.today(), 500.0))
    at = signed_in(patient, "app_pages/settings.py")
    at.radio(key="settings_weight_unit").set_value("lb")
    at.radio(key="settings_water_unit").set_value("fl_oz")
    submit(at, "profile_form", "Save settings")
    assert shown(at.success[0].value) == "Saved your settings."
    history = at.switch_page("app_pages/history.py").run()
    assert sorted(history.dataframe[0].value["Amount"]) == ["16.9 fl oz", "176.4 lb"]
    # Editing in pounds: the form shows pounds and a changed value is stored in kilograms.
    weight = entries(app_db, patient, [Kind.WEIGHT])[0]
    prefix = f"edit_weight:{weight.id}"
    history.selectbox(key="history_entry").select(f"weight:{weight.id}").run()
    assert history.number_input(key=f"{prefix}_value").label == "Weight (lb)"
    assert history.number_input(key=f"{prefix}_value").value == 176.37
    history.number_input(key=f"{prefix}_value").set_value(170.0)
    submit(history, f"{prefix}_form", "Save changes")
    assert entries(app_db, patient, [Kind.WEIGHT])[0].value == 77.11  # 170 lb
    today = at.switch_page("app_pages/today.py").run()
    assert today.number_input(key="weight_value").label == "Weight (lb)"
    # A weight typed in pounds is stored in kilograms.
    today.number_input(key="weight_value").set_value(172.0)
    submit(today, "weight_form", "Save")
    assert 78.02 in [e.value for e in entries(app_db, patient, [Kind.WEIGHT])]


def test_change_password(patient, app_db):
    other_browser = web_sessions.start(app_db, patient.id)
    at = signed_in(patient, "app_pages/settings.py")
    at.text_input(key="password_current").input("wrong password")
    at.text_input(key="password_new").input("another long password")
    at.text_input(key="password_repeat").input("another long password")
    submit(at, "password_form", "Change password")
    assert "current password is not right" in shown(at.error[0].value)
    at.text_input(key="password_current").input(PASSWORD)
    submit(at, "password_form", "Change password")
    assert shown(at.success[0].value).startswith("Your password is changed.")
    assert accounts.authenticate(app_db, patient.email, "another long password")
    # Every browser signed in with the old password is out; this one has a new token.
    idle = dt.timedelta(minutes=30)
    assert web_sessions.resume(app_db, other_browser, idle) is None
    assert web_sessions.resume(app_db, at.session_state["web_session_token"], idle).id == patient.id
    assert at.title[0].value == "Settings"


def test_a_password_change_signs_out_a_browser_that_is_still_open(patient, app_db):
    phone = signed_in(patient, "app_pages/history.py")
    laptop = signed_in(patient, "app_pages/settings.py")
    laptop.text_input(key="password_current").input(PASSWORD)
    laptop.text_input(key="password_new").input("another long password")
    laptop.text_input(key="password_repeat").input("another long password")
    submit(laptop, "password_form", "Change password")
    phone.run()  # the phone's next click
    assert [t.value for t in phone.title] == ["GLP-1 Muscle Tracker"]  # History is gone
    [why] = [info.value for info in phone.info]
    assert why.startswith("You were signed out: your password was changed")
    assert laptop.run().title[0].value == "Settings"  # the laptop signed itself back in


def test_delete_account_needs_the_email_typed(patient, app_db):
    at = signed_in(patient, "app_pages/settings.py")
    assert at.button(key="delete_account").disabled
    at.text_input(key="delete_email").input("maria@example.com").run()
    at.button(key="delete_account").click().run()
    assert accounts.get_user(app_db, patient.id) is None
    assert at.title[0].value == "GLP-1 Muscle Tracker"


def test_history_waits_for_both_dates_of_a_range(demo_patient):
    at = signed_in(demo_patient, "app_pages/history.py")
    at.date_input(key="history_range").set_value((dt.date.today(),)).run()
    assert not at.exception
    assert [i.value for i in at.info] == ["Choose the last day of the period too."]


def test_history_pages_through_long_logs(demo_patient):
    at = signed_in(demo_patient, "app_pages/history.py")
    first = at.dataframe[0].value
    assert len(first) == 50
    assert at.number_input(key="history_page").label.startswith("Page (of ")
    at.number_input(key="history_page").set_value(2).run()
    second = at.dataframe[0].value
    assert not at.exception and len(second) == 50
    # Newest first, page after page: the second page starts where the first ended.
    assert second["When"].iloc[0] <= first["When"].iloc[-1]
    assert not set(zip(first["When"], first["What"], strict=True)) & set(
        zip(second["When"], second["What"], strict=True)
    )


def test_the_demo_account_cannot_be_deleted_or_its_password_changed(demo_patient):
    at = signed_in(demo_patient, "app_pages/settings.py")
    assert any("shared by everyone" in i.value for i in at.info)
    assert "delete_account" not in [b.key for b in at.button]
    assert not [t for t in at.text_input if t.key == "password_current"]


def test_a_clinic_can_turn_the_demo_off(app_db, monkeypatch):
    monkeypatch.setenv("TRACKER_DEMO", "off")
    at = new_app().run()
    assert "explore_demo" not in [b.key for b in at.button]


def test_a_name_is_shown_as_typed_not_as_markdown(app_db):
    user = accounts.create_user(
        app_db, "x@example.com", PASSWORD, Role.PATIENT, "[click](http://evil.example)"
    )
    at = signed_in(user, "app_pages/today.py")
    assert at.sidebar.markdown[0].value.startswith(r"**\[click\]\(http\:")  # not a link


def test_edit_a_sessions_exercises_in_history(patient, app_db):
    from tracker.domain import Entry

    me = Actor.of(patient)
    stored = logbook.log_entry(
        app_db,
        me,
        patient.id,
        Entry(
            Kind.STRENGTH,
            dt.date.today(),
            40.0,
            label="glutes",
            exercises=(Exercise("Hip thrust", 3, 10, 60.0),),
        ),
    )
    at = signed_in(patient, "app_pages/history.py")
    key = f"edit_strength:{stored.id}"
    assert at.text_input(key=f"{key}_exercise_0_name").value == "Hip thrust"
    assert at.number_input(key=f"{key}_exercise_0_load").value == 60.0
    at.number_input(key=f"{key}_exercise_0_reps").set_value(12)
    at.text_input(key=f"{key}_exercise_1_name").input("Step-up")
    submit(at, f"{key}_form", "Save changes")
    assert logbook.get_entry(app_db, me, patient.id, Kind.STRENGTH, stored.id).exercises == (
        Exercise("Hip thrust", 3, 12, 60.0),
        Exercise("Step-up", 3, 10),
    )
