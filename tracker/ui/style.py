"""The few styles the theme cannot set: tap targets a thumb can hit, captions that meet
WCAG contrast, a compact headline.

WCAG 2.2's 2.5.5 (Target Size, Enhanced) asks 44 by 44 CSS pixels for what a pointer taps;
Streamlit's defaults are 32-40 px for buttons, fields and tabs, and 16-21 px for a checkbox's
row or a help icon. The selectors are Streamlit's ``data-testid`` and Base Web's
``data-baseweb`` attributes (stable hooks its own tests use), never its generated class names.
A help icon grows its hit area with padding and takes the same room back with a negative margin,
so the text around it does not move. ``!important`` because Streamlit's own rules come later
and some are more specific; these only ever make a target larger.
"""

from __future__ import annotations

import streamlit as st

TAP_PX = 44

CSS = f"""
<style>
[data-testid^="stBaseButton-"]:not([data-testid="stBaseButton-elementToolbar"]),
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] button,
[data-testid="stNumberInputStepDown"], [data-testid="stNumberInputStepUp"],
[data-testid="stButtonGroup"] button, [data-testid="stPopover"] button {{
  min-height: {TAP_PX}px !important;
}}
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] button,
[data-testid="stNumberInputStepDown"], [data-testid="stNumberInputStepUp"],
[data-testid="stRadioOption"] {{
  min-width: {TAP_PX}px !important;
}}
[data-testid="stNumberInputContainer"], [data-testid="stTextInputRootElement"],
[data-testid="stDateInputField"], [data-testid="stSelectbox"] > div,
[data-testid="stMultiSelect"] > div, [data-testid="stTextArea"] textarea {{
  min-height: {TAP_PX}px !important;
}}
[data-testid="stTab"], [data-testid="stTabsScrollLeft"], [data-testid="stTabsScrollRight"] {{
  min-height: {TAP_PX}px !important;
  min-width: {TAP_PX}px !important;
}}
[data-testid="stCheckbox"] label, [data-testid="stRadioOption"],
[data-testid="stSidebarNavLink"], [data-testid="stPageLink-NavLink"],
[data-testid="stExpander"] summary {{
  min-height: {TAP_PX}px !important;
  align-items: center;
}}
[data-testid="stTooltipHoverTarget"] button {{
  padding: 14px !important;
  margin: -14px !important;
}}
/* Captions: Streamlit fades them to 4.1:1 on white; WCAG 2.2 AA asks 4.5:1 (5.3:1 here). */
[data-testid="stCaptionContainer"] {{
  color: #5c6660 !important;
  opacity: 1 !important;
}}
/* Progress's headline: figures at text size, so "18.1 kg (18.6 %)" fits half a phone. */
.st-key-headline [data-testid="stMetricValue"] {{
  font-size: 1.35rem;
}}
</style>
"""


def install() -> None:
    """Add the styles to this run's page (a style-only block takes no room)."""
    st.html(CSS)
