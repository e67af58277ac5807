"""Zip archives (zipped shapefiles, and XLSX, which is a zip) are checked
before anything is extracted or parsed: how many members, how large once
unpacked, how compressed, and that no member path leaves the folder."""
from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from imports.errors import SurveyFileError
from imports.readers.limits import limit


def checked_zip(path: Path, *, label: str) -> zipfile.ZipFile:
    """The open archive, after refusing anything unsafe about it."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise SurveyFileError(f"{label} is a damaged zip archive ({error})") from None
    try:
        _check_members(archive, label=label)
    except Exception:
        archive.close()
        raise
    return archive


def _check_members(archive: zipfile.ZipFile, *, label: str) -> None:
    members = archive.infolist()
    if not members:
        raise SurveyFileError(f"{label} is an empty zip archive")
    if len(members) > limit("IMPORT_ZIP_MAX_MEMBERS"):
        raise SurveyFileError(f"{label} holds {len(members)} files; at most {limit('IMPORT_ZIP_MAX_MEMBERS')} "
                              "are accepted")
    total = 0
    for member in members:
        name = member.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
            raise SurveyFileError(f"{label} holds a file with an unsafe path ({name!r}); refused")
        if stat.S_ISLNK(member.external_attr >> 16):
            raise SurveyFileError(f"{label} holds a symbolic link ({name!r}); refused")
        if member.flag_bits & 0x1:
            raise SurveyFileError(f"{label} is password-protected ({name!r}); unpack it first")
        total += member.file_size
        if member.file_size > 1024 * 1024 and member.file_size > limit("IMPORT_ZIP_MAX_RATIO") * max(
                member.compress_size, 1):
            raise SurveyFileError(f"{label}: {name!r} unpacks to {member.file_size:,} bytes from "
                                  f"{member.compress_size:,}; such compression is refused as a zip bomb")
    if total > limit("IMPORT_ZIP_MAX_BYTES"):
        raise SurveyFileError(f"{label} unpacks to {total:,} bytes; at most {limit('IMPORT_ZIP_MAX_BYTES'):,} "
                              "are accepted")


def extract_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, destination: Path) -> Path:
    """Copy one checked member to `destination` (a name the caller chose),
    counting bytes as they come: a member's declared size could lie."""
    budget = member.file_size
    with archive.open(member) as source, open(destination, "wb") as out:
        while chunk := source.read(1024 * 1024):
            budget -= len(chunk)
            if budget < 0:
                raise SurveyFileError(f"{member.filename!r} is larger than the archive says; refused")
            out.write(chunk)
    return destination
