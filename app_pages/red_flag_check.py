"""Red-flag check: yes-or-no questions about symptoms that must not wait (the patient's own: some
depend on their profile), each with what to do, at once, when the answer is yes."""

import streamlit as st

from tracker.domain import Entry, InvalidEntry, Kind, Role
from tracker.services import care, logbook
from tracker.ui import session, widgets
from tracker.views.red_flags import STANDING_NOTE, STANDING_NOTE_SOURCE

user = widgets.signed_in_page("Red-flag check", ":material/emergency:", Role.PATIENT)
engine, me = session.engine(), session.actor(user)
st.session_state.pop(widgets.RED_FLAG_OFFER, None)  # the offer on Today is taken up
view = care.red_flag_check(engine, me, user.id)
questions = view.questions

ANSWERS = ("Yes", "No")
FORM = "red_flag_check"


def answer_key(code: str) -> str:
    return f"flag_{code}"


def check() -> None:
    def action() -> str:
        answers = {item.code: st.session_state.get(answer_key(item.code)) for item in questions}
        unanswered = [str(n) for n, given in enumerate(answers.values(), 1) if given is None]
        if unanswered:
            which = ", ".join(unanswered)
            raise InvalidEntry(
                f"Answer every question with yes or no: question {which} has no answer yet."
                if len(unanswered) == 1
                else f"Answer every question with yes or no: questions {which} have no answer yet."
            )
        clock = session.local_now()
        moment = clock.time().replace(second=0, microsecond=0)
        logbook.log_entries(
            engine,
            me,
            user.id,
            [
                Entry(Kind.RED_FLAG, clock.date(), 1.0 if given == "Yes" else 0.0, moment, code)
                for code, given in answers.items()
            ],
        )
        if any(given == "Yes" for given in answers.values()):
            return "Your answers are saved. Do what the red box says now."
        return "No to every question: no red flags. Run the check again if anything changes."

    widgets.run_action(FORM, action, {answer_key(item.code): None for item in questions})


def close_own() -> None:
    def action() -> str:
        care.acknowledge_red_flags(engine, me, user.id)
        return "Marked seen. Run the check again if anything comes back."

    widgets.run_action("red_flag_close", action)


widgets.outcome(FORM)
if view.open_items:
    widgets.red_flag_alert(view.open_items)
    if not view.may_close_own:
        st.caption(
            "Your physical therapist sees this at the top of their list until they mark it seen."
        )
    else:
        st.button(
            "I have had this seen to",
            icon=":material/task_alt:",
            on_click=close_own,
            key="close_red_flags",
            help="Clears the alert once a doctor or nurse has dealt with it.",
        )
widgets.outcome("red_flag_close")

st.write(
    f"{len(questions)} questions about symptoms that must not wait. Answer each one; a yes "
    "shows straight away what to do. If you feel in danger now, call your emergency number "
    "first (112 in Europe, 911 in the US)."
)
with st.form("red_flag_form"):
    for number, item in enumerate(questions, 1):
        st.radio(
            f"{number}. {item.question}",
            ANSWERS,
            index=None,
            horizontal=True,
            key=answer_key(item.code),
        )
    st.form_submit_button("Check my answers", type="primary", on_click=check)

st.info(f"{STANDING_NOTE}  \n:small[Source: {STANDING_NOTE_SOURCE}.]", icon=":material/info:")

st.subheader("Your red flags")
widgets.red_flag_table(view.reports, "You have not answered yes to a red-flag question.")
with st.expander("Where the questions come from"):
    for number, item in enumerate(questions, 1):
        st.markdown(f"{number}. {item.concern} {item.action} Source: {item.source}.")
