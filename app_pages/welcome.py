"""Welcome: sign in, create an account, or explore the demo (the one page a signed-out visitor
gets; signing in reruns the app, which then opens the person's home page)."""

import streamlit as st

from tracker.domain import InvalidEntry, Role
from tracker.services import accounts, demo
from tracker.ui import session, widgets

widgets.page("Welcome", ":material/fitness_center:")
widgets.sync_cookie()  # signed out: the browser forgets its old sign-in
if why := session.signed_out_message():
    st.info(why)

st.title("GLP-1 Muscle Tracker")
st.write(
    "Keep your muscle while a GLP-1 medicine takes off the fat. Log your weight, protein, "
    "water, strength training and doses in a minute a day, and see at a glance where you "
    "stand against the guidance for losing fat, not muscle."
)


def explore_demo(role: Role) -> None:
    now = session.local_now()  # the demo's day ends now, where the visitor is
    session.sign_in(demo.account(session.engine(), role, now.date(), now.time()))


if demo.enabled():
    patient_demo, therapist_demo = st.columns(2)
    patient_demo.button(
        "Explore the demo",
        type="primary",
        icon=":material/play_circle:",
        help="Sign in as Maria, a demo patient twenty weeks into Wegovy.",
        on_click=explore_demo,
        args=(Role.PATIENT,),
        key="explore_demo",
        width="stretch",
    )
    therapist_demo.button(
        "Explore as a therapist",
        icon=":material/groups:",
        help="Sign in as Sam, a demo physical therapist with five patients.",
        on_click=explore_demo,
        args=(Role.THERAPIST,),
        key="explore_demo_therapist",
        width="stretch",
    )

sign_in_tab, sign_up_tab = st.tabs(["Sign in", "Create an account"])

with sign_in_tab, st.form("sign_in"):
    email = st.text_input("Email", key="sign_in_email", autocomplete="email")
    password = st.text_input(
        "Password", type="password", key="sign_in_password", autocomplete="current-password"
    )
    if st.form_submit_button("Sign in", type="primary"):
        try:
            found = accounts.authenticate(session.engine(), email, password, session.client())
        except accounts.SignInThrottled as error:
            st.error(widgets.plain(error), icon=":material/timer:")
        else:
            if found is None:
                st.error("The email or password is not right.", icon=":material/error:")
            else:
                session.sign_in(found)
                st.rerun()

with sign_up_tab, st.form("sign_up"):
    name = st.text_input("Your name", key="sign_up_name", autocomplete="given-name")
    new_email = st.text_input("Email", key="sign_up_email", autocomplete="email")
    new_password = st.text_input(
        "Password (10 characters or more)",
        type="password",
        key="sign_up_password",
        autocomplete="new-password",
    )
    repeat = st.text_input(
        "Repeat the password", type="password", key="sign_up_repeat", autocomplete="new-password"
    )
    role = st.radio(
        "I am",
        [Role.PATIENT, Role.THERAPIST],
        format_func=lambda r: "a patient" if r is Role.PATIENT else "a physical therapist",
        horizontal=True,
        key="sign_up_role",
    )
    if st.form_submit_button("Create my account", type="primary"):
        if new_password != repeat:
            st.error("The two passwords differ.", icon=":material/error:")
        else:
            try:
                created = accounts.create_user(
                    session.engine(), new_email, new_password, role, name or None
                )
            except InvalidEntry as error:
                st.error(widgets.plain(error), icon=":material/error:")
            else:
                session.sign_in(created)
                st.rerun()

st.caption(widgets.SAFETY_NOTE)
