"""File handling that never follows a link a submission or a kernel could have planted.

The grader runs as root. Everything it reads from a submission, and everything it writes
or changes the owner of in a folder a kernel could write to, goes through these helpers:

- names are resolved one component at a time relative to an open folder (``dir_fd``) with
  ``O_NOFOLLOW``, so a symbolic link anywhere on the way is refused, never followed;
- only regular files and folders are read; a FIFO, a device, a socket or a link is refused
  with a reason (opening uses ``O_NONBLOCK``, so even a FIFO opened by mistake cannot block);
- every read is bounded: size per file, total size, number of files, folder depth;
- ownership and mode are changed through the open file (``fchown``/``fchmod``), never by name;
- names that are not valid UTF-8 are refused with the name shown escaped.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Intake",
    "IntakeLimits",
    "copy_tree_for_kernel",
    "printable",
    "read_bounded",
    "read_tree",
    "write_tree",
]

_OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
_OPEN_DIR = os.O_RDONLY | os.O_NOFOLLOW | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)


def printable(text: object, limit: int = 300) -> str:
    """``text`` safe for a terminal: control characters and undecodable bytes escaped, cut to ``limit``."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "backslashreplace")
    text = str(text)
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x20 and ch not in "\n\t" or 0x7F <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        elif code in (0x2028, 0x2029, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069):  # line/direction overrides
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    result = "".join(out)
    return result if len(result) <= limit else result[: limit - 3] + "..."


def utf8_name(name: str) -> bool:
    """True when ``name`` (as os.listdir gives it) is valid UTF-8 and a plain file name."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return name not in ("", ".", "..") and "/" not in name and "\0" not in name


@dataclass(frozen=True)
class IntakeLimits:
    """Bounds on what is read from one submission folder."""

    file_mb: float = 50
    """Largest single file taken."""
    total_mb: float = 200
    """All files of one submission together."""
    files: int = 2000
    """Number of files."""
    depth: int = 16
    """Nesting of folders."""


@dataclass
class Intake:
    """What was taken from a submission folder, and what was refused and why."""

    files: dict[str, bytes] = field(default_factory=dict)
    """Relative POSIX path -> bytes of every regular file taken."""
    refused: list[str] = field(default_factory=list)
    """One reason per refused entry, names escaped."""


_IGNORED = {".ipynb_checkpoints", "__pycache__", ".DS_Store"}


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_bounded(dir_fd: int, name: str, max_bytes: int) -> bytes:
    """The content of regular file ``name`` in the open folder ``dir_fd``; raises ValueError otherwise."""
    try:
        fd = os.open(name, _OPEN_FILE, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENXIO, errno.EWOULDBLOCK):  # a link; a FIFO, socket or device
            raise ValueError(_kind(os.lstat(name, dir_fd=dir_fd).st_mode)) from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ValueError(_kind(st.st_mode))
        if st.st_size > max_bytes:
            raise ValueError(f"larger than {max_bytes / 1e6:g} MB ({st.st_size / 1e6:.1f} MB)")
        chunks, got = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if got > max_bytes:  # it grew while being read
                raise ValueError(f"larger than {max_bytes / 1e6:g} MB")
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_file(path: str | Path, max_bytes: int) -> bytes:
    """A regular file at ``path`` whose last component is not a link; ValueError for anything else."""
    path = Path(path)
    dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return read_bounded(dir_fd, path.name, max_bytes)
    finally:
        os.close(dir_fd)


def read_tree(folder: str | Path, limits: IntakeLimits = IntakeLimits(), *, what: str = "") -> Intake:
    """Every regular file under ``folder``, read without following any link, within ``limits``.

    ``folder`` itself must be a real folder (not a link). Links, FIFOs, devices, sockets,
    names that are not UTF-8, files over the size limits and folders nested too deep are left
    out, each with a reason in :attr:`Intake.refused`.
    """
    intake = Intake()
    total = [0]
    max_file = int(limits.file_mb * 1e6)
    max_total = int(limits.total_mb * 1e6)
    prefix = f"{what}: " if what else ""

    def refuse(rel: str, why: str) -> None:
        intake.refused.append(f"{prefix}`{printable(rel)}` was not graded: it is {why}")

    def walk(dir_fd: int, rel_dir: str, depth: int) -> None:
        with os.scandir(dir_fd) as entries:
            names = sorted(entries, key=lambda e: e.name)
        for entry in names:
            name = entry.name
            rel = f"{rel_dir}{name}"
            if name in _IGNORED:
                continue
            if not utf8_name(name):
                refuse(rel, "a name that is not valid UTF-8")
                continue
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(st.st_mode):
                if depth >= limits.depth:
                    refuse(rel + "/", f"a folder nested deeper than {limits.depth} levels")
                    continue
                try:
                    sub = os.open(name, _OPEN_DIR, dir_fd=dir_fd)
                except OSError:
                    refuse(rel + "/", "a folder that could not be opened (or was replaced by a link)")
                    continue
                try:
                    walk(sub, rel + "/", depth + 1)
                finally:
                    os.close(sub)
                continue
            if not stat.S_ISREG(st.st_mode):
                refuse(rel, _kind(st.st_mode))
                continue
            if len(intake.files) >= limits.files:
                refuse(rel, f"one file more than the {limits.files} a submission may hold")
                continue
            if st.st_size > max_file:
                refuse(rel, f"larger than {max_file / 1e6:g} MB ({st.st_size / 1e6:.1f} MB)")
                continue
            if total[0] + st.st_size > max_total:
                refuse(rel, f"past the {limits.total_mb:g} MB a submission may hold in all")
                continue
            try:
                data = read_bounded(dir_fd, name, max_file)
            except ValueError as exc:
                refuse(rel, str(exc))
                continue
            except OSError as exc:
                refuse(rel, f"unreadable ({exc.strerror})")
                continue
            total[0] += len(data)
            intake.files[rel] = data

    try:
        top = os.open(folder, _OPEN_DIR)
    except OSError as exc:
        kind = "a symbolic link" if os.path.islink(folder) else f"not a readable folder ({exc.strerror})"
        intake.refused.append(f"{prefix}the submission folder `{printable(folder)}` was not graded: it is {kind}")
        return intake
    try:
        walk(top, "", 0)
    finally:
        os.close(top)
    return intake


def _open_dir_chain(root_fd: int, parts: list[str], *, create: bool, mode: int = 0o755) -> int:
    """An fd of ``root/parts...``, each step opened with O_NOFOLLOW (created when missing)."""
    fd = os.dup(root_fd)
    for part in parts:
        if create:
            try:
                os.mkdir(part, mode, dir_fd=fd)
            except FileExistsError:
                pass
        try:
            nxt = os.open(part, _OPEN_DIR, dir_fd=fd)
        finally:
            os.close(fd)
        fd = nxt
    return fd


def write_tree(folder: str | Path, files: dict[str, bytes], *, owner: int | None = None,
               file_mode: int = 0o644, dir_mode: int = 0o755) -> None:
    """Write ``files`` (relative path -> bytes) into ``folder`` without following links.

    Each file is created new (``O_EXCL``): an existing name, a link or a name that leaves the
    folder raises. ``owner``: uid (and gid) given to every folder and file made, through its fd.
    """
    root_fd = os.open(folder, _OPEN_DIR)
    try:
        if owner is not None:
            os.fchown(root_fd, owner, owner)
        for rel, data in files.items():
            parts = rel.split("/")
            if any(p in ("", ".", "..") for p in parts):
                raise ValueError(f"refusing to write {printable(rel)!r}: not a plain relative path")
            dir_fd = _open_dir_chain(root_fd, parts[:-1], create=True, mode=dir_mode)
            try:
                if owner is not None:
                    os.fchown(dir_fd, owner, owner)
                fd = os.open(parts[-1], _CREATE, file_mode, dir_fd=dir_fd)
                try:
                    view = memoryview(data)
                    while view:
                        view = view[os.write(fd, view):]
                    if owner is not None:
                        os.fchown(fd, owner, owner)
                    os.fchmod(fd, file_mode)
                finally:
                    os.close(fd)
            finally:
                os.close(dir_fd)
    finally:
        os.close(root_fd)


def copy_tree_for_kernel(src: str | Path, dest: str | Path, *, owner: int | None,
                         limits: IntakeLimits = IntakeLimits()) -> list[str]:
    """Copy the regular files of ``src`` (a folder the kernel never could write) into the new
    folder ``dest`` for a kernel running as ``owner``. Returns the reasons of what was left out."""
    intake = read_tree(src, limits)
    os.mkdir(dest, 0o700)
    write_tree(dest, intake.files, owner=owner)
    return intake.refused


def make_private_dir(path: str | Path, *, owner: int | None, mode: int = 0o700) -> None:
    """Create the new folder ``path`` (it must not exist) and give it to ``owner`` through its fd."""
    os.mkdir(path, mode)
    fd = os.open(path, _OPEN_DIR)
    try:
        if owner is not None:
            os.fchown(fd, owner, owner)
        os.fchmod(fd, mode)
    finally:
        os.close(fd)


def give_file_to_group(path: str | Path, gid: int | None, mode: int = 0o640) -> None:
    """Make the regular file ``path`` (not a link) readable by group ``gid`` and writable by root only."""
    fd = os.open(path, _OPEN_FILE)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError(f"{printable(path)} is not a regular file")
        if gid is not None:
            os.fchown(fd, 0, gid)
        os.fchmod(fd, mode)
    finally:
        os.close(fd)
