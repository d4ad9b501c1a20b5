"""What a grading worker is given: everything needed to grade one submission, picklable."""

from __future__ import annotations

from dataclasses import dataclass, field

from .isolate import AssignmentTemplate

__all__ = ["Task"]


@dataclass
class Task:
    """Everything needed to grade one submission; picklable."""

    assignment: str
    student: str
    files: dict[str, bytes]
    template: AssignmentTemplate
    content_hash: str
    limits: dict = field(default_factory=dict)
    use_bwrap: bool = True
    recheck: str = "marked"
    """"marked" (test cells with ``# autograder: recheck``), "all" or "off"."""
    work_dir: str | None = None
    """Where throw-away course folders are made (default: the system's temporary folder)."""
    fork_kernels: bool = True
    """Fork kernels from a pre-imported zygote (:mod:`.zygote`) where the sandbox allows it."""
    refused: list[str] = field(default_factory=list)
    """What intake left out of the submission (links, special files, oversized files), with reasons."""
