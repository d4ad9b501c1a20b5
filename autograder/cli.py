"""The `autograder` command: a thin layer over library functions.

Each subcommand's options default to the library function's own defaults, so the
command line and the Python API cannot drift apart.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from autograder import __version__
from autograder.course import CourseError, find_root, generate_release, make_workspace


def _cmd_release(args: argparse.Namespace) -> int:
    result = generate_release(args.root, names=args.assignments or None, check=args.check, force=args.force)
    if args.check:
        print("release/ is up to date with source/.")
        return 0
    root = find_root(args.root)
    for path in result.written:
        print(f"wrote    {path.relative_to(root)}")
    for path in result.removed:
        print(f"removed  {path.relative_to(root)}")
    print(f"release/: {len(result.written)} written, {len(result.unchanged)} unchanged, {len(result.removed)} removed.")
    return 0


def _cmd_workspace(args: argparse.Namespace) -> int:
    root = find_root(args.root)
    copied, kept = make_workspace(root, dest=args.dest)
    for path in copied:
        print(f"copied   {path.relative_to(root) if path.is_relative_to(root) else path}")
    print(f"Your workspace: {len(copied)} new files copied, {len(kept)} of your files kept as they are.")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from autograder.instructor import build_report

    course = args.course.resolve() if args.course else find_root(args.root)
    try:
        report = build_report(course, assignments=args.assignments or None, rubric_dir=args.rubrics)
    except FileNotFoundError as exc:
        raise CourseError(str(exc)) from None
    print(report.text(top=args.top))
    out = args.out if args.out.is_absolute() else course / args.out
    written = []
    if not args.no_html:
        written.append(report.write_html(out / "report.html"))
    if not args.no_csv:
        written += report.write_csv(out / "csv")
    for path in written:
        print(f"wrote    {path.relative_to(course) if path.is_relative_to(course) else path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="autograder",
        description="Course tools: generate the release, set up your workspace, grade, report.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--root", type=Path, default=None,
                        help="the course folder (default: found from the current folder upwards)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    release = sub.add_parser("release", help="regenerate release/ from source/ (deterministic)")
    release.add_argument("assignments", nargs="*", help="assignment names (default: all in source/)")
    release.add_argument("--check", action="store_true", help="write nothing; fail if release/ is stale")
    release.add_argument("--force", action="store_true",
                         help="overwrite release files that have uncommitted edits")
    release.set_defaults(func=_cmd_release)

    workspace = sub.add_parser("workspace", help="copy release/ into my-work/ without overwriting anything")
    workspace.add_argument("--dest", type=Path, default=None, help="workspace folder (default: my-work/)")
    workspace.set_defaults(func=_cmd_workspace)

    report = sub.add_parser(
        "report", help="the class report: scores, item analysis, misconceptions, self-assessment calibration",
        description="Read gradebook.db, the autograded notebooks' findings and the collected self-assessment "
                    "files; print a summary and write a self-contained HTML report and CSV tables. What cannot "
                    "be used (a corrupt file, an unknown student, another rubric version) is listed with why.",
    )
    report.add_argument("assignments", nargs="*", help="assignment names (default: all in the gradebook)")
    report.add_argument("--course", type=Path, default=None,
                        help="the course folder holding gradebook.db (default: --root, found upwards)")
    report.add_argument("--out", type=Path, default=Path("reports"),
                        help="folder for report.html and csv/ (default: reports/ in the course folder)")
    report.add_argument("--rubrics", type=Path, default=None,
                        help="folder of the rubric files (default: the package's autograder/rubrics)")
    report.add_argument("--top", type=int, default=5, help="rows of each ranking printed (default: 5)")
    report.add_argument("--no-html", action="store_true", help="do not write report.html")
    report.add_argument("--no-csv", action="store_true", help="do not write the CSV tables")
    report.set_defaults(func=_cmd_report)

    # Grading subcommands (autograder.grading) register here.
    _register_grading(sub)
    importlib.import_module("autograder.progress")._register_progress(sub)  # progress, reset, solution
    return parser


def _register_grading(sub) -> None:
    """Add `grade` and `check` from autograder.grading.cli (a `register(subparsers)` function)."""
    if importlib.util.find_spec("autograder.grading") is None or importlib.util.find_spec("autograder.grading.cli") is None:
        return
    from autograder.grading import cli as grading_cli

    grading_cli.register(sub)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CourseError as exc:
        print(f"autograder {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"autograder {args.command}: interrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
