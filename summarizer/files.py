"""Files in and out: reading with a byte cap (regular files only), and writing so that a
crash never leaves a half-written file behind.

Everything written goes through :func:`summarizer.redact.mask` first.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

from .errors import InputError, OutputError
from .redact import mask

_CHUNK = 1 << 16


def _umask() -> int:
    mask_bits = os.umask(0o022)
    os.umask(mask_bits)
    return mask_bits


# mkstemp creates files readable by their owner only; written files get the
# permissions open() would give them, so pages can be served as they are.
_FILE_MODE = 0o666 & ~_umask()


def _too_large(origin: str, max_bytes: int) -> InputError:
    return InputError(
        f"{origin} is over the limit of {max_bytes:,} bytes (raise max_article_chars to allow it)"
    )


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes`` of them.

    FIFOs, devices and sockets are refused without being read (opening never
    blocks), so ``/dev/zero`` or a pipe nobody writes to cannot hang or exhaust memory.

    Raises:
        InputError: missing, a directory, not a regular file, unreadable, or too large.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not an article file") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path} is a directory, not an article file")
        raise InputError(
            f"{path} is not a regular file (a pipe, device or socket); save it to a file first"
        )
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > max_bytes:
            raise _too_large(str(path), max_bytes)
        try:
            return read_stream(handle, max_bytes, str(path))
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_stream(stream: BinaryIO, max_bytes: int, origin: str) -> bytes:
    """Everything ``stream`` holds, refused as soon as it passes ``max_bytes``.

    Raises:
        InputError: more than ``max_bytes`` bytes.
    """
    data = bytearray()
    while chunk := stream.read(min(_CHUNK, max_bytes + 1 - len(data))):
        data += chunk
        if len(data) > max_bytes:
            raise _too_large(origin, max_bytes)
    return bytes(data)


def check_writable(path: Path) -> None:
    """Fail now, before any work is done, when ``path`` cannot be written as a file.

    Raises:
        OutputError: ``path`` is a folder, or its folder cannot be created or written.
    """
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    os.close(fd)
    Path(probe).unlink(missing_ok=True)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    Raises:
        OutputError: ``path`` is a folder or cannot be written.
    """
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """:func:`atomic_write_bytes` for UTF-8 text, with secrets masked."""
    atomic_write_bytes(path, mask(text).encode("utf-8"))
