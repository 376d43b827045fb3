"""The clinician report's layout: a ``ReportContent`` and its chart images into PDF bytes.

Pure layout with fpdf2: no data is looked up or computed here (``tracker.views.report.rows`` has the
words). Text is set in DejaVu Sans, which covers Latin, Greek and Cyrillic, with a CJK font as
fallback when one is installed; fpdf2's built-in fonts are Latin-1 only, and people type their
names and notes in any script.

The text block is 180 mm wide on both papers, centred: A4 (210 mm) gets 15 mm side margins and
Letter (215.9 mm) 18 mm, so the charts, drawn once for 180 mm, fit either. Every page carries
the patient's name and the period at the top, and when the report was made and "Page N of M"
at the foot. It is meant to be printed: black text, thin grey rules, a status shown by its word
(in its colour, bold), an open red flag by a pale red row.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import TableBordersLayout, VAlign, WrapMode

from tracker.rules.guidance import Status
from tracker.views.report import rows
from tracker.views.report.content import ReportContent, day_text
from tracker.views.report.errors import FontsMissing
from tracker.views.report.images import PRINT_WIDTH_MM


class Paper(StrEnum):
    A4 = "A4"
    LETTER = "Letter"

    @classmethod
    def _missing_(cls, value: object) -> Paper | None:
        """'a4', 'letter' and 'LETTER' name papers too."""
        text = str(value).strip().lower()
        return next((paper for paper in cls if paper.value.lower() == text), None)


PAGE_MM: dict[Paper, tuple[float, float]] = {
    Paper.A4: (210.0, 297.0),
    Paper.LETTER: (215.9, 279.4),
}
TEXT_WIDTH_MM = PRINT_WIDTH_MM
TOP_MM = 20.0
"""The running head sits at 10 mm; the text starts below its rule."""
BOTTOM_MM = 17.0
"""Room for the running foot at 11 mm from the bottom edge."""
HEAD_Y_MM = 10.0
FOOT_FROM_BOTTOM_MM = 11.0

NB_ALIAS = "{nb}"
"""Replaced by the number of pages once the document is done (left-aligned in its room)."""

FONT = "DejaVu"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FALLBACK = "Fallback"
FALLBACK_FILES = (
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttf"),
)
"""Fonts for what DejaVu lacks (Chinese, Japanese, Korean), the first installed one is used:
Debian's fonts-droid-fallback. Without one, those characters print as blanks."""

BODY_PT = 9.0
TABLE_PT = 7.5
SMALL_PT = 7.0
HEADING_PT = 12.5
SUBHEADING_PT = 10.0
TITLE_PT = 17.0
LINE_MM_PER_PT = 0.45
"""Line height for a font size: 1.28 × the size (1 pt = 0.3528 mm)."""
CELL_PADDING_MM = (0.9, 1.2)
"""Top and bottom, left and right."""
KEEP_WITH_HEADING_MM = 22.0
"""A heading moves to the next page unless this much of what follows fits under it."""
CELL_MAX_CHARS = 600
"""A table cell holds at most this much text (a log note holds 500): a row must fit a page."""
KEEP_WHOLE_SHARE = 0.4
"""A table up to this share of a page's height is kept whole on one page."""
SHORT_CELL_CHARS = 12
"""A cell this short (a date, a dose, a heading like "Days a week") stays on one line."""
WIDEST_WORD_SHARE = 0.3
"""No column is widened past this share of the table just to fit one long word (a URL)."""

BLACK = (0, 0, 0)
GREY = (90, 90, 90)
RULE = (170, 170, 170)
HEADINGS_FILL = (236, 236, 236)
HIGHLIGHT_FILL = (253, 226, 222)
STATUS_INK: dict[Status, tuple[int, int, int]] = {
    Status.OK: (30, 110, 40),
    Status.WATCH: (150, 95, 0),
    Status.ALERT: (180, 20, 20),
    Status.UNKNOWN: (90, 90, 90),
}
"""The status colours, darkened to read as text on paper."""

ABOUT = (
    "From the GLP-1 Muscle Tracker: what the patient logged, judged against published "
    "guidance with its sources. It is not a medical device and does not diagnose."
)


def moment_text(moment: dt.datetime) -> str:
    """25 Nov 2026 22:54 UTC (the zone only when the moment carries one)."""
    text = f"{day_text(moment.date())} {moment:%H:%M}"
    zone = moment.tzname()
    return f"{text} {zone}" if zone else text


def _line(size_pt: float) -> float:
    return size_pt * LINE_MM_PER_PT


def cell_text(value: object) -> str:
    """Text for a table cell: whitespace and line breaks made single spaces, and capped."""
    text = " ".join(str(value).split())
    return text if len(text) <= CELL_MAX_CHARS else text[: CELL_MAX_CHARS - 1] + "…"


class _Document(FPDF):
    def __init__(self, paper: Paper, head: tuple[str, str], foot: str, typed: str = "") -> None:
        width, height = PAGE_MM[paper]
        super().__init__(orientation="portrait", unit="mm", format=(width, height))
        side = (width - TEXT_WIDTH_MM) / 2
        self.set_margins(side, TOP_MM, side)
        self.set_auto_page_break(True, BOTTOM_MM)
        self.alias_nb_pages(NB_ALIAS)
        self.head = head
        self.foot = foot
        self.c_margin = 0.0
        _add_fonts(self, typed)

    def fitted(self, text: str, width: float) -> str:
        """``text`` cut with an ellipsis to fit ``width`` mm in the current font."""
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text + "…"

    def header(self) -> None:
        name, period = self.head
        half = TEXT_WIDTH_MM / 2
        self.set_y(HEAD_Y_MM)
        self.set_text_color(*BLACK)
        self.set_font(FONT, "B", 8.5)
        self.cell(half, 4.5, self.fitted(name, half - 2))
        self.set_font(FONT, "", 8.5)
        self.cell(half, 4.5, period, align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.y + 1, self.l_margin + TEXT_WIDTH_MM, self.y + 1)
        self.set_y(TOP_MM)

    def footer(self) -> None:
        self.set_y(-FOOT_FROM_BOTTOM_MM)
        self.set_font(FONT, "", SMALL_PT)
        self.set_text_color(*GREY)
        page_width = 30.0
        self.cell(page_width, 4, f"Page {self.page_no()} of {NB_ALIAS}")
        rest = TEXT_WIDTH_MM - page_width
        self.cell(rest, 4, self.fitted(self.foot, rest), align="R")
        self.set_text_color(*BLACK)


def _add_fonts(pdf: FPDF, typed: str) -> None:
    """DejaVu Sans, and a fallback font if ``typed`` holds characters DejaVu lacks (loading the
    fallback costs about 0.3 s, so only a report that needs it pays)."""
    missing = [name for name in FONT_FILES.values() if not (FONT_DIR / name).is_file()]
    if missing:
        raise FontsMissing(
            f"The report is set in DejaVu Sans, and {', '.join(missing)} is not in {FONT_DIR}. "
            "Install Debian's fonts-dejavu-core package (apt-get install fonts-dejavu-core)."
        )
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONT_DIR / name))
    covered = pdf.fonts[FONT.lower()].cmap
    if all(ord(ch) in covered for ch in set(typed) if not ch.isspace()):
        return
    fallback = next((path for path in FALLBACK_FILES if path.is_file()), None)
    if fallback is not None:
        pdf.add_font(FALLBACK, "", str(fallback))
        pdf.set_fallback_fonts([FALLBACK], exact_match=False)


# --- building blocks ------------------------------------------------------------------------


def _heading(pdf: _Document, text: str, size: float = HEADING_PT, keep: float = 0.0) -> None:
    """A heading, on a new page unless ``keep`` mm more (and its own line) fit under it."""
    keep = keep or KEEP_WITH_HEADING_MM
    if pdf.will_page_break(_line(size) + keep):
        pdf.add_page()
    pdf.ln(1.5 if size < HEADING_PT else 3.0)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, _line(size), text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.0)


def _paragraph(pdf: _Document, text: str, size: float = BODY_PT, colour=BLACK) -> None:
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, _line(size), text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*BLACK)
    pdf.ln(1.0)


def _texts(table: rows.Table) -> list[list[str]]:
    return [[cell_text(cell) for cell in row] for row in table.rows]


def column_widths(pdf: FPDF, table: rows.Table, total: float, size: float) -> list[float]:
    """Column widths in mm that add up to ``total``, fitted to the text (HTML's automatic
    table layout): every column gets at least its longest word, and the room left is shared
    in proportion to how much more each would need to hold its longest text on one line.
    A status word (``rows.Marked``) and a short cell (a date, a dose) are never broken."""
    padding = 2 * CELL_PADDING_MM[1]
    count = len(table.headings)
    full, least = [padding] * count, [padding] * count
    cells = [("B", table.headings, [len(text) <= SHORT_CELL_CHARS for text in table.headings])]
    for row, texts in zip(table.rows, _texts(table), strict=True):
        whole = [
            isinstance(cell, rows.Marked) or len(text) <= SHORT_CELL_CHARS
            for cell, text in zip(row, texts, strict=True)
        ]
        cells.append(("", texts, whole))
    for style, texts, whole in cells:
        pdf.set_font(FONT, style, size)
        for index, text in enumerate(texts):
            width = pdf.get_string_width(text)
            widest = width if whole[index] else max(map(pdf.get_string_width, text.split(" ")))
            full[index] = max(full[index], width + padding)
            least[index] = max(least[index], min(widest, total * WIDEST_WORD_SHARE) + padding)
    if sum(full) <= total:
        spare = total - sum(full)
        return [width + spare * width / sum(full) for width in full]
    if sum(least) >= total:
        return [width * total / sum(least) for width in least]
    room = total - sum(least)
    wants = [max(0.0, f - m) for f, m in zip(full, least, strict=True)]
    return [m + room * want / sum(wants) for m, want in zip(least, wants, strict=True)]


def table_height(pdf: FPDF, table: rows.Table, widths: Sequence[float], size: float) -> float:
    """The height in mm the table will take, headings included (a dry run of each cell)."""
    pad_y, pad_x = CELL_PADDING_MM
    height = 0.0
    for style, texts in [("B", list(table.headings)), *(("", t) for t in _texts(table))]:
        pdf.set_font(FONT, style, size)
        lines = max(
            len(pdf.multi_cell(w - 2 * pad_x, _line(size), t, dry_run=True, output="LINES"))
            for t, w in zip(texts, widths, strict=True)
        )
        height += lines * _line(size) + 2 * pad_y
    return height


def _table(pdf: _Document, table: rows.Table, widths: Sequence[float], size: float) -> None:
    pdf.set_font(FONT, "", size)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.15)
    with pdf.table(
        width=TEXT_WIDTH_MM,
        col_widths=tuple(widths),
        align="LEFT",
        text_align="LEFT",
        v_align=VAlign.T,
        line_height=_line(size),
        padding=CELL_PADDING_MM,
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADINGS_FILL),
        wrapmode=WrapMode.WORD,
    ) as grid:
        heading = grid.row()
        for text in table.headings:
            heading.cell(text)
        for index, (cells, texts) in enumerate(zip(table.rows, _texts(table), strict=True)):
            fill = HIGHLIGHT_FILL if index in table.highlighted else None
            row = grid.row(style=FontFace(fill_color=fill) if fill else None)
            for cell, text in zip(cells, texts, strict=True):
                if isinstance(cell, rows.Marked):
                    ink = STATUS_INK[cell.status]
                    row.cell(text, style=FontFace(emphasis="BOLD", color=ink, fill_color=fill))
                else:
                    row.cell(text)
    pdf.ln(2.0)


def _section(
    pdf: _Document,
    heading: str,
    table: rows.Table,
    empty: str,
    level: float = HEADING_PT,
    intro: str = "",
    size: float = TABLE_PT,
) -> None:
    """A heading and its table (or the line saying there is nothing). A table that fits on a
    page starts on a new page rather than split; a longer one flows on (its headings repeat)."""
    if not table.rows:
        _heading(pdf, heading, level)
        _paragraph(pdf, empty)
        return
    widths = column_widths(pdf, table, TEXT_WIDTH_MM, size)
    height = table_height(pdf, table, widths, size)
    if intro:
        pdf.set_font(FONT, "", SMALL_PT)
        height += len(pdf.multi_cell(0, _line(SMALL_PT), intro, dry_run=True, output="LINES"))
        height += 1.0
    keep = height if height <= pdf.eph * KEEP_WHOLE_SHARE else KEEP_WITH_HEADING_MM
    _heading(pdf, heading, level, keep=keep)
    if intro:
        _paragraph(pdf, intro, SMALL_PT, GREY)
    _table(pdf, table, widths, size)


def _pairs(pdf: _Document, pairs: Sequence[tuple[str, str]]) -> None:
    """Label and value, two columns without rules."""
    size = BODY_PT
    label_width = 52.0
    pdf.set_font(FONT, "", size)
    with pdf.table(
        width=TEXT_WIDTH_MM,
        col_widths=(label_width, TEXT_WIDTH_MM - label_width),
        align="LEFT",
        text_align="LEFT",
        v_align=VAlign.T,
        line_height=_line(size),
        padding=(0.6, 1.0),
        borders_layout=TableBordersLayout.NONE,
        first_row_as_headings=False,
    ) as grid:
        for label, value in pairs:
            row = grid.row()
            row.cell(label, style=FontFace(emphasis="BOLD"))
            row.cell(cell_text(value))
    pdf.ln(1.0)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _image(pdf: _Document, png: bytes) -> None:
    """One chart across the text width, kept whole on one page."""
    width_px, height_px = png_size(png)
    height = TEXT_WIDTH_MM * height_px / width_px
    if pdf.will_page_break(height):
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=pdf.l_margin, w=TEXT_WIDTH_MM, h=height)
    pdf.ln(3.0)


# --- the sections ---------------------------------------------------------------------------


def _title(pdf: _Document, c: ReportContent) -> None:
    pdf.set_font(FONT, "B", TITLE_PT)
    pdf.multi_cell(0, _line(TITLE_PT), "Clinician report", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", HEADING_PT)
    pdf.multi_cell(0, _line(HEADING_PT), c.patient.display_name, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(0.5)
    _paragraph(pdf, f"{c.period} ({c.days} days)", size=10.0)
    made = f"Made {moment_text(c.generated_at)}"
    _paragraph(pdf, f"{made} by {c.generated_by}." if c.generated_by else f"{made}.", SMALL_PT)
    _paragraph(pdf, ABOUT, SMALL_PT, GREY)


def _summary(pdf: _Document, c: ReportContent) -> None:
    _heading(pdf, "Summary")
    if c.nothing_logged:
        _paragraph(pdf, f"Nothing was logged from {c.period}.")
    _pairs(pdf, rows.summary(c))


def _red_flags(pdf: _Document, c: ReportContent) -> None:
    intro = ""
    if c.open_red_flags:
        count = len(c.open_red_flags)
        intro = (
            f"{count} of these answers {'is' if count == 1 else 'are'} not yet acknowledged "
            "by a therapist (shaded): act on the advice given."
        )
    _section(
        pdf,
        "Red flags",
        rows.red_flags(c),
        "No red-flag symptoms reported in this period.",
        intro=intro,
    )


def _findings(pdf: _Document, c: ReportContent) -> None:
    _section(
        pdf,
        f"Guidance on {day_text(c.end)}",
        rows.findings(c),
        "No findings.",
        intro="Each finding judges the days up to the end of the period (most the last 7 "
        "days), as the Progress page does.",
    )


def _charts(pdf: _Document, images: Sequence[bytes]) -> None:
    if not images:
        _heading(pdf, "Charts")
        _paragraph(pdf, "Nothing to chart in this period.")
        return
    width_px, height_px = png_size(images[0])
    _heading(pdf, "Charts", keep=TEXT_WIDTH_MM * height_px / width_px)
    for png in images:
        _image(pdf, png)


def _medicine(pdf: _Document, c: ReportContent) -> None:
    _heading(pdf, "Medicine", keep=KEEP_WITH_HEADING_MM + 2 * _line(SUBHEADING_PT))
    sub = SUBHEADING_PT
    _section(pdf, "Doses in the period", rows.doses(c), "No doses logged in this period.", sub)
    _section(
        pdf,
        f"Dose steps up to {day_text(c.end)}, against the label",
        rows.dose_steps(c),
        "No doses logged.",
        sub,
    )
    _section(
        pdf,
        "Late, missed and early doses in the period",
        rows.dose_timing(c),
        "Every dose in the period was on time." if c.doses else "No doses in the period.",
        sub,
    )
    _section(
        pdf,
        "Rate of loss on each dose",
        rows.loss_by_step(c),
        "No dose steps to show.",
        sub,
        intro="The trend rate on each step's last day, from the 28 days of weigh-ins before it.",
    )


def _strength_and_function(pdf: _Document, c: ReportContent) -> None:
    _heading(pdf, "Strength and function", keep=KEEP_WITH_HEADING_MM + 2 * _line(SUBHEADING_PT))
    sub = SUBHEADING_PT
    _section(
        pdf,
        f"Strength kept on {day_text(c.end)}: main leg and glute lifts",
        rows.strength_kept(c),
        rows.STRENGTH_MISSING,
        sub,
        intro=rows.strength_summary(c),
    )
    _section(
        pdf,
        "Function tests in the period",
        rows.function_results(c),
        "No chair stand, sit-to-stand, grip or gait speed test in this period.",
        sub,
        intro=rows.function_sources(c),
    )
    _section(
        pdf,
        f"SARC-F up to {day_text(c.end)}",
        rows.sarc_f(c),
        "No SARC-F questionnaire answered.",
        sub,
        intro=rows.sarc_f_intro(),
    )


def _symptoms(pdf: _Document, c: ReportContent) -> None:
    _section(
        pdf,
        "Side effects",
        rows.side_effects(c),
        "No side effects logged in this period.",
        intro="Days each effect was logged, by the day's worst grade.",
    )
    _section(pdf, "Buttock and hip pain", rows.pain(c), "No pain logged in this period.")


def _notes(pdf: _Document, c: ReportContent) -> None:
    _heading(pdf, "Therapist notes")
    if not c.notes:
        _paragraph(pdf, "No therapist notes.")
        return
    for index, note in enumerate(c.notes):
        _heading(pdf, rows.note_heading(c, index), BODY_PT, keep=2 * _line(BODY_PT))
        _paragraph(pdf, note.body.strip())


def _plan(pdf: _Document, c: ReportContent) -> None:
    _section(pdf, "Exercise plan", rows.plan(c), "No exercise plan.", intro=rows.plan_total(c))


def _typed(c: ReportContent) -> str:
    """Everything in the report a person typed (the rest is the app's own English)."""
    parts = [c.patient.display_name, c.patient.email, c.generated_by]
    parts += [note.body + note.author_name for note in c.notes]
    parts += [entry.note for entry in (*c.doses, *c.side_effects, *c.pain)]
    parts += [flag.note for flag in c.red_flags]
    parts += [row.item.assigned_by_name for row in c.plan]
    if c.strength is not None:
        parts += [change.exercise for change in c.strength.exercises]
    return "".join(parts)


def render(content: ReportContent, images: Sequence[bytes], paper: Paper = Paper.A4) -> bytes:
    """The report as PDF bytes; ``images`` are the PNGs of ``content.figures``, in order."""
    c = content
    foot = f"Made {moment_text(c.generated_at)} · GLP-1 Muscle Tracker · not a medical device"
    pdf = _Document(Paper(paper), (c.patient.display_name, c.period), foot, _typed(c))
    pdf.set_title(f"Clinician report: {c.patient.display_name}, {c.period}")
    pdf.set_author(c.generated_by or "GLP-1 Muscle Tracker")
    pdf.set_creator("GLP-1 Muscle Tracker")
    if c.generated_at.tzinfo is not None:
        pdf.set_creation_date(c.generated_at)
    pdf.add_page()
    _title(pdf, c)
    _summary(pdf, c)
    _red_flags(pdf, c)
    _findings(pdf, c)
    _charts(pdf, images)
    _strength_and_function(pdf, c)
    _medicine(pdf, c)
    _symptoms(pdf, c)
    _notes(pdf, c)
    _plan(pdf, c)
    return bytes(pdf.output())
