"""The app's entry point: who is signed in decides which pages there are.

``streamlit run app.py``. Each role gets its own pages (``tracker.ui.navigation``), listed in
the sidebar by ``st.navigation``; a signed-out visitor gets the welcome page at every address.
Each page checks the role again, and the services check access on every call.
"""

from tracker.ui import guard, logs, navigation, session, style, widgets

logs.configure()
guard.install()
style.install()
user = session.current_user()
page = navigation.router(user)
if user is not None:
    widgets.sidebar(user)
page.run()
