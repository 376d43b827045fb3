"""The Apple Health benchmark: a synthetic export of about 500 MB, read three ways.

    .venv/bin/python -m bench.apple_health             # about 500 MB
    .venv/bin/python -m bench.apple_health --mb 50     # a quick look
    .venv/bin/python -m bench.apple_health --file export.xml   # a file you already have

(a) the floor: a bare ``lxml.etree.iterparse`` pass that touches every element and frees it;
(b) the dry run: ``IMPORTER.parse`` (what a preview costs, before validation);
(c) the import through the service (``tracker.services.imports.run_import``) into a fresh
SQLite file: parse, validate, deduplicate, insert.

Each runs in a fresh Python process, which reports its wall time and its peak resident memory
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``), both after its imports ("before") and at the
end ("peak"). It prints figures and checks two aims; it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "samples" / "apple_health" / "export.xml"
"""Carries Apple's v14 DTD verbatim; the synthetic file starts with the same."""

AIM_RATIO = 1.25
"""The dry run may take at most this many times the floor."""
AIM_PEAK_MB = 300.0

IPHONE = (
    "&lt;&lt;HKDevice: 0x302a4c0f0&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, "
    "hardware:iPhone15,2, software:17.4.1&gt;"
)
WATCH = (
    "&lt;&lt;HKDevice: 0x302a4d1a0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, "
    "hardware:Watch7,3, software:10.4&gt;"
)
MOTION_CONTEXT = '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="{}"/>\n'
PHONE_NAME = "iPhone van Sanne"
WATCH_NAME = "Sanne’s Apple Watch"


# --- the synthetic export -------------------------------------------------------------------


def dtd() -> str:
    """``<!DOCTYPE HealthData [ … ]>`` as Apple writes it (v14), from the sample export."""
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index("<!DOCTYPE")
    return text[start : text.index("]>", start) + 2]


class _Day:
    """Everything the patient's phone and watch record on one day, as XML text by type."""

    def __init__(self, day: dt.date, index: int, days: int, rng: random.Random) -> None:
        self.day, self.index, self.days, self.rng = day, index, days, rng
        summer = 4 <= day.month <= 10
        self.offset = "+0200" if summer else "+0100"
        self.text = day.isoformat()
        self.weight = 105.0 - 17.0 * index / max(1, days - 1) + rng.uniform(-0.6, 0.6)

    def at(self, seconds: int) -> str:
        seconds = min(seconds, 86_399)
        hour, rest = divmod(seconds, 3600)
        return f"{self.text} {hour:02d}:{rest // 60:02d}:{rest % 60:02d} {self.offset}"

    def record(
        self,
        kind: str,
        source: str,
        version: str,
        device: str,
        unit: str,
        start: int,
        end: int,
        value: str,
        children: str = "",
    ) -> str:
        device_attribute = f' device="{device}"' if device else ""
        head = (
            f' <Record type="HKQuantityTypeIdentifier{kind}" sourceName="{source}" '
            f'sourceVersion="{version}"{device_attribute} unit="{unit}" '
            f'creationDate="{self.at(end + 37)}" startDate="{self.at(start)}" '
            f'endDate="{self.at(end)}" value="{value}"'
        )
        return f"{head}>\n{children} </Record>\n" if children else f"{head}/>\n"

    # The untracked bulk: what makes real exports large.
    def steps(self) -> str:
        rng, out = self.rng, []
        for source, device in ((PHONE_NAME, IPHONE), (WATCH_NAME, WATCH)):
            for slot in range(80):
                start = 7 * 3600 + slot * 540 + rng.randrange(60)
                count = rng.randrange(20, 900)
                out.append(
                    self.record(
                        "StepCount",
                        source,
                        "17.4.1",
                        device,
                        "count",
                        start,
                        start + 480,
                        str(count),
                    )
                )
        return "".join(out)

    def heart_rate(self) -> str:
        rng, out = self.rng, []
        for slot in range(360):
            start = slot * 240 + rng.randrange(30)
            context = MOTION_CONTEXT.format(1 + slot % 2)
            out.append(
                self.record(
                    "HeartRate",
                    WATCH_NAME,
                    "10.4",
                    WATCH,
                    "count/min",
                    start,
                    start,
                    str(rng.randrange(52, 140)),
                    context,
                )
            )
        return "".join(out)

    def energy(self) -> str:
        rng = self.rng
        return "".join(
            self.record(
                "ActiveEnergyBurned",
                WATCH_NAME,
                "10.4",
                WATCH,
                "kcal",
                slot * 900,
                slot * 900 + 899,
                f"{rng.uniform(0.1, 40):.3f}",
            )
            for slot in range(96)
        )

    def distance(self) -> str:
        rng = self.rng
        return "".join(
            self.record(
                "DistanceWalkingRunning",
                PHONE_NAME,
                "17.4.1",
                IPHONE,
                "km",
                7 * 3600 + slot * 1200,
                7 * 3600 + slot * 1200 + 1100,
                f"{rng.uniform(0.01, 1.2):.5f}",
            )
            for slot in range(48)
        )

    # What the tracker reads.
    def body_mass(self) -> str:
        if self.index % 2:
            return ""
        return self.record(
            "BodyMass", "Withings", "7.8.1", "", "kg", 25_200, 25_200, f"{self.weight:.2f}"
        )

    def body_fat(self) -> str:
        if self.index % 7:
            return ""
        fraction = 0.40 - 0.06 * self.index / max(1, self.days - 1)
        return self.record(
            "BodyFatPercentage", "Withings", "7.8.1", "", "%", 25_200, 25_200, f"{fraction:.3f}"
        )

    def lean_mass(self) -> str:
        if self.index % 7:
            return ""
        return self.record(
            "LeanBodyMass",
            "Withings",
            "7.8.1",
            "",
            "kg",
            25_200,
            25_200,
            f"{self.weight * 0.62:.2f}",
        )

    def waist(self) -> str:
        if self.index % 30:
            return ""
        entered = '  <MetadataEntry key="HKWasUserEntered" value="1"/>\n'
        return self.record(
            "WaistCircumference",
            "Health",
            "17.4.1",
            IPHONE,
            "cm",
            32_400,
            32_400,
            f"{self.weight + 10:.1f}",
            entered,
        )

    def recent(self) -> bool:
        """MyFitnessPal and WaterMinder were used in the last year only."""
        return self.days - self.index <= 365

    def protein(self) -> str:
        if not self.recent():
            return ""
        out = []
        for meal, at in (
            ("Breakfast", 28_800),
            ("Lunch", 45_000),
            ("Snacks", 55_800),
            ("Dinner", 67_500),
        ):
            if meal == "Snacks" and self.index % 3:
                continue
            children = f'  <MetadataEntry key="Meal" value="{meal}"/>\n'
            out.append(
                self.record(
                    "DietaryProtein",
                    "MyFitnessPal",
                    "26.9.1",
                    "",
                    "g",
                    at,
                    at,
                    f"{self.rng.uniform(8, 45):.1f}",
                    children,
                )
            )
        return "".join(out)

    def water(self) -> str:
        if not self.recent():
            return ""
        return "".join(
            self.record(
                "DietaryWater",
                "WaterMinder",
                "5.6.2",
                "",
                "mL",
                at,
                at,
                str(self.rng.choice((250, 330, 500, 750))),
            )
            for at in (28_920, 37_860, 51_120, 61_200, 72_600)
        )

    def workouts(self) -> tuple[str, int]:
        weekday = self.day.weekday()
        if weekday == 0:
            kind, start, minutes = "TraditionalStrengthTraining", 64_800, 50.3
        elif weekday == 3 and self.index % 2:
            kind, start, minutes = "CoreTraining", 64_800, 25.7
        elif weekday == 5:
            kind, start, minutes = "Walking", 37_800, 41.5
        else:
            return "", 0
        end = start + int(minutes * 60) + 128
        stats = "".join(
            f'  <WorkoutStatistics type="HKQuantityTypeIdentifier{name}" '
            f'startDate="{self.at(start)}" endDate="{self.at(end)}" sum="{value}" unit="kcal"/>\n'
            for name, value in (("ActiveEnergyBurned", "238.517"), ("BasalEnergyBurned", "81.2"))
        )
        text = (
            f' <Workout workoutActivityType="HKWorkoutActivityType{kind}" duration="{minutes}" '
            f'durationUnit="min" sourceName="{WATCH_NAME}" sourceVersion="10.4" '
            f'device="{WATCH}" creationDate="{self.at(end + 4)}" startDate="{self.at(start)}" '
            f'endDate="{self.at(end)}">\n'
            '  <MetadataEntry key="HKIndoorWorkout" value="1"/>\n'
            '  <MetadataEntry key="HKAverageMETs" value="3.41851 kcal/hr·kg"/>\n'
            '  <MetadataEntry key="HKTimeZone" value="Europe/Amsterdam"/>\n'
            f'  <WorkoutEvent type="HKWorkoutEventTypePause" date="{self.at(start + 1200)}"/>\n'
            f'  <WorkoutEvent type="HKWorkoutEventTypeResume" date="{self.at(start + 1328)}"/>\n'
            f"{stats} </Workout>\n"
        )
        return text, 1

    def summary(self) -> str:
        return (
            f' <ActivitySummary dateComponents="{self.text}" activeEnergyBurned="412.537" '
            'activeEnergyBurnedGoal="400" activeEnergyBurnedUnit="kcal" appleMoveTime="0" '
            'appleMoveTimeGoal="0" appleExerciseTime="48" appleExerciseTimeGoal="30" '
            'appleStandHours="11" appleStandHoursGoal="12"/>\n'
        )


RECORD_WRITERS = (
    ("Height", None),
    ("BodyMass", _Day.body_mass),
    ("BodyFatPercentage", _Day.body_fat),
    ("LeanBodyMass", _Day.lean_mass),
    ("StepCount", _Day.steps),
    ("DistanceWalkingRunning", _Day.distance),
    ("ActiveEnergyBurned", _Day.energy),
    ("HeartRate", _Day.heart_rate),
    ("DietaryWater", _Day.water),
    ("DietaryProtein", _Day.protein),
    ("WaistCircumference", _Day.waist),
)
"""Records are grouped by type in real exports; this is the order they come in."""
TRACKED = {
    "BodyMass",
    "BodyFatPercentage",
    "LeanBodyMass",
    "WaistCircumference",
    "DietaryProtein",
    "DietaryWater",
}


def write_export(
    path: str | os.PathLike, target_bytes: int, seed: int = 7, end: dt.date | None = None
) -> Counter:
    """Write a synthetic ``export.xml`` of about ``target_bytes`` to ``path``, streaming (one
    day of one record type in memory at a time), ending on ``end`` (default today). Returns
    what it holds: records by type, ``Workout``, ``ActivitySummary``, and ``entries`` (what the
    tracker should import)."""
    end = end or dt.date.today()
    probe = _Day(end, 0, 1, random.Random(seed))
    per_day = sum(len(w(probe).encode()) for _, w in RECORD_WRITERS if w) + len(probe.summary())
    days = max(1, round(target_bytes / per_day))
    first = end - dt.timedelta(days=days - 1)
    counts: Counter = Counter()
    with Path(path).open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(dtd() + "\n")
        out.write('<HealthData locale="nl_NL">\n')
        out.write(f' <ExportDate value="{end.isoformat()} 21:12:40 +0100"/>\n')
        out.write(
            ' <Me HKCharacteristicTypeIdentifierDateOfBirth="1979-05-14" '
            'HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" '
            'HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" '
            'HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" '
            'HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>\n'
        )
        height = _Day(first, 0, days, random.Random(seed))
        out.write(height.record("Height", "Health", "17.4.1", IPHONE, "cm", 36_000, 36_000, "168"))
        counts["Height"] += 1
        for number, (kind, writer) in enumerate(RECORD_WRITERS):
            if writer is None:
                continue
            rng = random.Random(seed * 100 + number)
            for index in range(days):
                text = writer(_Day(first + dt.timedelta(days=index), index, days, rng))
                if text:
                    out.write(text)
                    counts[kind] += text.count("<Record ")
        rng = random.Random(seed)
        for index in range(days):
            text, n = _Day(first + dt.timedelta(days=index), index, days, rng).workouts()
            out.write(text)
            counts["Workout"] += n
        for index in range(days):
            out.write(_Day(first + dt.timedelta(days=index), index, days, rng).summary())
            counts["ActivitySummary"] += 1
        out.write("</HealthData>\n")
    counts["entries"] = sum(counts[kind] for kind in TRACKED) + counts["Workout"]
    return counts


# --- the three passes, each run in a fresh process ------------------------------------------


def peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def floor(path: Path) -> dict:
    """(a) lxml alone: every element reported, cleared, and its earlier siblings freed."""
    from lxml import etree

    before = peak_mb()
    start = time.perf_counter()
    elements = 0
    for _, element in etree.iterparse(
        str(path), events=("end",), resolve_entities=False, no_network=True, load_dtd=False
    ):
        elements += 1
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return {"seconds": time.perf_counter() - start, "before": before, "elements": elements}


def dry_run(path: Path) -> dict:
    """(b) The importer's parse, as a preview runs it."""
    from tracker.imports.apple_health import IMPORTER
    from tracker.imports.base import Context, Source, unpack

    before = peak_mb()
    start = time.perf_counter()
    sources = unpack(Source.from_path(path))
    parsed = IMPORTER.parse(sources, Context(dt.date.today()))
    seconds = time.perf_counter() - start
    kinds = Counter(entry.kind.value for entry in parsed.entries)
    return {"seconds": seconds, "before": before, "entries": len(parsed.entries), "kinds": kinds}


# ---------------------------------------------------------------------------------------------
# (c) HOOK: the real import through the service. Wired to tracker.services.imports.run_import;
# when that module is missing (or its signature changes) the benchmark prints a note instead.
# ---------------------------------------------------------------------------------------------


def real_import(path: Path) -> dict:
    """(c) ``run_import`` into a fresh SQLite file: parse, validate, deduplicate, insert."""
    os.environ["TRACKER_ARGON2_PROFILE"] = "CHEAPEST"
    try:
        from tracker.services import imports
    except ImportError as error:
        return {"skipped": f"tracker.services.imports is not there yet ({error})"}
    from bench.databases import sqlite_engine
    from tracker.domain import Role
    from tracker.imports.base import Source
    from tracker.services import accounts
    from tracker.services.access import Actor
    from tracker.store import db

    with sqlite_engine("tracker_bench_apple_") as engine:
        db.migrate(engine)
        user = accounts.create_user(
            engine, "apple@bench.example", "benchmark-password", role=Role.PATIENT
        )
        before = peak_mb()
        start = time.perf_counter()
        plan, _ = imports.run_import(engine, Actor.system(), user.id, Source.from_path(path))
        seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "before": before,
        "entries": len(plan.new),
        "duplicates": plan.duplicates,
    }


STEPS = {"floor": floor, "dry_run": dry_run, "import": real_import}


def child(step: str, path: Path) -> None:
    result = STEPS[step](path)
    result["peak"] = peak_mb()
    print(json.dumps(result))


def measure(step: str, path: Path) -> dict:
    """Run ``step`` on ``path`` in a fresh interpreter and return what it reports."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.apple_health", "--child", step, "--file", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return {"skipped": f"failed: {lines[-1] if lines else done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the report -----------------------------------------------------------------------------


def versions() -> str:
    from lxml import etree

    libxml = ".".join(map(str, etree.LIBXML_VERSION))
    lxml_version = ".".join(map(str, etree.LXML_VERSION[:3]))
    return (
        f"Python {platform.python_version()}, lxml {lxml_version} (libxml2 {libxml}), "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}"
    )


def run(path: Path, runs: int) -> None:
    size_mb = path.stat().st_size / 1024 / 1024
    rows = [
        ("(a) floor: bare iterparse", "floor"),
        ("(b) dry run: IMPORTER.parse", "dry_run"),
        ("(c) import: run_import, SQLite", "import"),
    ]
    results: dict[str, dict] = {}
    print(f"\n{'step':<34}{'s':>8}{'MB/s':>8}{'before MB':>11}{'peak MB':>9}  detail")
    for title, step in rows:
        tries = [measure(step, path) for _ in range(runs)]
        done = [t for t in tries if "skipped" not in t]
        if not done:
            print(f"{title:<34}{'-':>8}  skipped: {tries[0]['skipped']}")
            continue
        best = min(done, key=lambda t: t["seconds"])
        best["peak"] = max(t["peak"] for t in done)
        results[step] = best
        if step == "floor":
            detail = f"{best['elements']:,} elements"
        elif step == "dry_run":
            kinds = ", ".join(f"{n:,} {k}" for k, n in sorted(best["kinds"].items()))
            detail = f"{best['entries']:,} entries ({kinds})"
        else:
            detail = f"{best['entries']:,} new, {best['duplicates']:,} duplicates left out"
        print(
            f"{title:<34}{best['seconds']:>8.2f}{size_mb / best['seconds']:>8.0f}"
            f"{best['before']:>11.0f}{best['peak']:>9.0f}  {detail}"
        )
    print(f"\nseconds: the fastest of {runs} run(s), each in a fresh process; memory: peak RSS")
    print("(ru_maxrss) after the imports ('before') and at the end ('peak').")
    if "floor" in results and "dry_run" in results:
        ratio = results["dry_run"]["seconds"] / results["floor"]["seconds"]
        verdict = "met" if ratio <= AIM_RATIO else "NOT met"
        print(f"Aim: dry run within {AIM_RATIO}x of the floor: {ratio:.2f}x, {verdict}.")
    peaks = {step: r["peak"] for step, r in results.items()}
    if peaks:
        worst = max(peaks.values())
        verdict = "met" if worst < AIM_PEAK_MB else "NOT met"
        shown = ", ".join(f"{step} {mb:.0f} MB" for step, mb in peaks.items())
        print(f"Aim: peak memory under {AIM_PEAK_MB:.0f} MB: {shown}, {verdict}.")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=500.0, help="size of the synthetic export")
    parser.add_argument("--file", type=Path, help="read this export.xml instead of generating")
    parser.add_argument("--keep", type=Path, help="write the synthetic export here and keep it")
    parser.add_argument("--runs", type=int, default=1, help="runs of each step (fastest shown)")
    parser.add_argument("--child", choices=sorted(STEPS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.file)
        return
    print("Apple Health import benchmark")
    print(versions())
    if args.file:
        print(f"File: {args.file} ({args.file.stat().st_size / 1024 / 1024:,.1f} MB)")
        run(args.file, args.runs)
        return
    with tempfile.TemporaryDirectory(prefix="tracker_bench_apple_") as directory:
        path = args.keep or Path(directory) / "export.xml"
        start = time.perf_counter()
        counts = write_export(path, int(args.mb * 1024 * 1024))
        seconds = time.perf_counter() - start
        records = sum(
            n for k, n in counts.items() if k not in ("Workout", "ActivitySummary", "entries")
        )
        print(
            f"Synthetic export: {path.stat().st_size / 1024 / 1024:,.1f} MB, written in "
            f"{seconds:.1f} s: {records:,} records ({counts['HeartRate']:,} HeartRate, "
            f"{counts['StepCount']:,} StepCount), {counts['Workout']:,} workouts, "
            f"{counts['ActivitySummary']:,} activity summaries; the tracker should read "
            f"{counts['entries']:,} entries."
        )
        run(path, args.runs)


if __name__ == "__main__":
    main()
