"""The `autograder` command: a thin layer over library functions.

Each subcommand's options default to the library function's own defaults, so the
command line and the Python API cannot drift apart.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

from autograder import __version__, import_name_clash
from autograder.course import (
    LEARNER_CONFIG,
    CourseError,
    find_root,
    generate_release,
    learner_lab_command,
    make_workspace,
)


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
    result = make_workspace(args.root, dest=args.dest)
    for line in result.messages():
        print(line)
    return 0


def _cmd_lab(args: argparse.Namespace) -> int:
    if args.config_path:
        print(LEARNER_CONFIG)
        return 0
    result = make_workspace(args.root, dest=args.dest)
    for line in result.messages():
        print(line)
    argv, env = learner_lab_command(result.workspace, port=args.port, extra=args.jupyter_args)
    print("Starting JupyterLab in learner mode (Ctrl-C to stop):", " ".join(argv), flush=True)
    try:
        return subprocess.call(argv, env=env)
    except FileNotFoundError:
        raise CourseError(f"cannot start {argv[0]}: is JupyterLab installed in this environment?") from None


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

    workspace = sub.add_parser(
        "workspace", help="create or update your workspace (my-work/) without overwriting your work",
        description="Copy the course's notebooks (the start page, the references and every module) into your "
                    "workspace. Run it again after a course update: files you never changed are updated; a file "
                    "you changed is kept, and the new version is put beside it. Works in a clone of the course "
                    "and with the installed package alone (then my-work/ is made in the current folder).",
    )
    workspace.add_argument("--dest", type=Path, default=None,
                           help="workspace folder (default: my-work/ in the course folder, else in the current one)")
    workspace.set_defaults(func=_cmd_workspace)

    lab = sub.add_parser(
        "lab", help="update your workspace and open it in JupyterLab (learner mode)",
        description="What `make lab` runs: update the workspace, then serve it (and nothing above it) in "
                    "JupyterLab on 127.0.0.1, opening the start page, with nbgrader's instructor tools turned "
                    "off (the Validate button stays). Arguments after -- go to `jupyter lab`.",
    )
    lab.add_argument("--dest", type=Path, default=None, help="workspace folder (as for `workspace`)")
    lab.add_argument("--port", type=int, default=8888, help="port on 127.0.0.1 (default: 8888)")
    lab.add_argument("--config-path", action="store_true",
                     help="print the learner-mode Jupyter configuration folder (for JUPYTER_CONFIG_PATH) and exit")
    lab.add_argument("jupyter_args", nargs=argparse.REMAINDER, help="more arguments for `jupyter lab`, after --")
    lab.set_defaults(func=_cmd_lab)

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
    clash = import_name_clash()
    if clash:  # start-up check: an unrelated PyPI package also installs `autograder/`
        print(f"autograder: warning: {clash}", file=sys.stderr)
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
