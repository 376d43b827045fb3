"""Settings: units, body details, medicine, the targets that apply, password, account."""

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from tracker.domain import InvalidEntry, Kind, Medicine, ProteinBasis, Role, Sex
from tracker.services import accounts, assessment
from tracker.ui import session, widgets
from tracker.units import WaterUnit, WeightUnit
from tracker.views import display
from tracker.views import medicine_words as medicines

user = widgets.signed_in_page("Settings", ":material/settings:")
engine, me = session.engine(), session.actor(user)
is_patient = user.role is Role.PATIENT

YES_NO = {"Not said": None, "Yes": True, "No": False}

if is_patient:
    view = assessment.settings_view(engine, me, user.id)
    profile = view.profile
    length_unit = display.unit_of(Kind.WAIST, profile)

    def save_profile() -> None:
        state = st.session_state

        def action() -> str:
            weight_unit = WeightUnit(state.settings_weight_unit)
            height = display.height_typed(state.settings_height, length_unit, profile.height_cm)
            accounts.update_profile(
                engine,
                me,
                user.id,
                dataclasses.replace(
                    profile,
                    weight_unit=weight_unit,
                    water_unit=WaterUnit(state.settings_water_unit),
                    height_cm=height,
                    birth_year=state.settings_birth_year,
                    sex=Sex(state.settings_sex) if state.settings_sex else None,
                    glp1_medicine=Medicine(state.settings_medicine)
                    if state.settings_medicine
                    else None,
                    glp1_start=state.settings_start,
                    protein_basis=ProteinBasis(state.settings_basis),
                    has_diabetes=YES_NO[state.settings_diabetes],
                    insulin_or_sulfonylurea=YES_NO[state.settings_insulin],
                ),
            )
            return "Saved your settings."

        widgets.run_action("settings_profile", action)

    with st.form("profile_form"):
        st.subheader("Units and you")
        units, water = st.columns(2)
        units.radio(
            "Weight",
            [u.value for u in WeightUnit],
            horizontal=True,
            index=list(WeightUnit).index(profile.weight_unit),
            key="settings_weight_unit",
            help="Pounds also show waist and hip in inches.",
        )
        water.radio(
            "Water",
            [u.value for u in WaterUnit],
            horizontal=True,
            index=list(WaterUnit).index(profile.water_unit),
            key="settings_water_unit",
            format_func=lambda u: "fl oz" if u == "fl_oz" else u,
        )
        st.number_input(
            f"Height ({length_unit})",
            value=display.height_shown(profile.height_cm, length_unit),
            step=0.5,
            format="%.1f",
            key="settings_height",
        )
        st.number_input(
            "Birth year",
            value=profile.birth_year,
            step=1,
            min_value=1900,
            max_value=dt.date.today().year,
            key="settings_birth_year",
        )
        sexes = ["", *(s.value for s in Sex)]
        st.selectbox(
            "Sex (for adjusted body weight)",
            sexes,
            index=sexes.index(profile.sex.value if profile.sex else ""),
            format_func=lambda s: s or "Not set",
            key="settings_sex",
        )
        st.subheader("Your GLP-1 medicine")
        current = profile.glp1_medicine.value if profile.glp1_medicine else ""
        choices = ["", *medicines.choice_values(keeping=profile.glp1_medicine)]
        st.selectbox(
            "Medicine",
            choices,
            index=choices.index(current),
            format_func=lambda m: medicines.described(m) if m else "Not set",
            key="settings_medicine",
            help="The brand sets the dose steps, the schedule and the missed-dose rules the app "
            "checks your doses against.",
        )
        st.date_input(
            "Started on",
            value=profile.glp1_start,
            key="settings_start",
            max_value=dt.date.today(),
            format="YYYY-MM-DD",
        )
        diabetes, insulin = st.columns(2)
        for column, label, value, key, help_text in (
            (
                diabetes,
                "Do you have diabetes?",
                profile.has_diabetes,
                "settings_diabetes",
                "With diabetes, the red-flag check also asks about changes in your vision.",
            ),
            (
                insulin,
                "Do you also take insulin or a sulfonylurea?",
                profile.insulin_or_sulfonylurea,
                "settings_insulin",
                "Sulfonylureas include gliclazide, glimepiride and glipizide. With them, the "
                "red-flag check also asks about low blood sugar.",
            ),
        ):
            column.radio(
                label,
                list(YES_NO),
                index=list(YES_NO.values()).index(value),
                horizontal=True,
                key=key,
                help=help_text,
            )
        st.subheader("Protein target")
        st.radio(
            "Scale protein by",
            [b.value for b in ProteinBasis],
            index=list(ProteinBasis).index(profile.protein_basis),
            format_func=display.BASIS_NAMES.get,
            key="settings_basis",
            help="Adjusted body weight (ideal weight + 0.4 x the rest) keeps the target "
            "reachable at a high body weight; it needs your height and sex. The default uses "
            "it from a BMI of 30.",
        )
        st.form_submit_button("Save settings", type="primary", on_click=save_profile)
    widgets.outcome("settings_profile")

    st.subheader("Targets that apply to you")
    rows = [{"Target": r.label, "Value": r.value, "Set by": r.set_by} for r in view.targets]
    st.dataframe(pd.DataFrame(rows), hide_index=True, placeholder=display.MISSING)
    widgets.target_sources("Where the targets come from")

if user.is_demo:
    st.info(
        "This demo account is shared by everyone exploring the app, so its password cannot "
        "be changed and it cannot be deleted. Create your own account to keep your data.",
        icon=":material/info:",
    )
    st.stop()

st.subheader("Password")


def change_password() -> None:
    state = st.session_state

    def action() -> str:
        if state.password_new != state.password_repeat:
            raise InvalidEntry("The two new passwords differ.")
        accounts.change_password(engine, me, user.id, state.password_current, state.password_new)
        session.renew()
        return "Your password is changed. Any other browser signed in as you is signed out."

    widgets.run_action(
        "settings_password",
        action,
        {"password_current": "", "password_new": "", "password_repeat": ""},
    )


with st.form("password_form"):
    st.text_input(
        "Current password", type="password", key="password_current", autocomplete="current-password"
    )
    st.text_input(
        "New password (10 characters or more)",
        type="password",
        key="password_new",
        autocomplete="new-password",
    )
    st.text_input(
        "Repeat the new password",
        type="password",
        key="password_repeat",
        autocomplete="new-password",
    )
    st.form_submit_button("Change password", on_click=change_password)
widgets.outcome("settings_password")

st.subheader("Delete my account")
with st.container(border=True):
    st.write(
        "This deletes your account and everything you logged, for good. Export your data "
        "first if you want to keep it."
    )
    typed = st.text_input(
        f"Type your email ({widgets.plain(user.email)}) to confirm", key="delete_email"
    )
    if st.button(
        "Delete my account and all my data",
        type="primary",
        disabled=typed.strip().lower() != user.email,
        key="delete_account",
    ):
        accounts.delete_account(engine, me, user.id)
        session.sign_out()
        st.rerun()  # the app, signed out, opens the welcome page
