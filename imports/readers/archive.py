"""Zip archives (zipped shapefiles, and XLSX, which is a zip) are checked
before anything is extracted or parsed: how many members, how large once
unpacked, how compressed, and that no member path leaves the folder."""
from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext_noop

from imports.errors import SurveyFileError
from imports.readers.limits import limit


def checked_zip(path: Path, *, label: str) -> zipfile.ZipFile:
    """The open archive, after refusing anything unsafe about it."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise SurveyFileError(gettext_noop("%(file)s is a damaged zip archive (%(error)s)"), file=label,
                              error=error) from None
    try:
        _check_members(archive, label=label)
    except Exception:
        archive.close()
        raise
    return archive


def _check_members(archive: zipfile.ZipFile, *, label: str) -> None:
    members = archive.infolist()
    if not members:
        raise SurveyFileError(gettext_noop("%(file)s is an empty zip archive"), file=label)
    if len(members) > limit("IMPORT_ZIP_MAX_MEMBERS"):
        raise SurveyFileError(gettext_noop("%(file)s holds %(count)s files; at most %(most)s are accepted"),
                              file=label, count=len(members), most=limit("IMPORT_ZIP_MAX_MEMBERS"))
    total = 0
    for member in members:
        name = member.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
            raise SurveyFileError(gettext_noop("%(file)s holds a file with an unsafe path (%(member)s); refused"),
                                  file=label, member=repr(name))
        if stat.S_ISLNK(member.external_attr >> 16):
            raise SurveyFileError(gettext_noop("%(file)s holds a symbolic link (%(member)s); refused"), file=label,
                                  member=repr(name))
        if member.flag_bits & 0x1:
            raise SurveyFileError(gettext_noop("%(file)s is password-protected (%(member)s); unpack it first"),
                                  file=label, member=repr(name))
        total += member.file_size
        if member.file_size > 1024 * 1024 and member.file_size > limit("IMPORT_ZIP_MAX_RATIO") * max(
                member.compress_size, 1):
            raise SurveyFileError(gettext_noop("%(file)s: %(member)s unpacks to %(size)s bytes from %(packed)s; "
                                               "such compression is refused as a zip bomb"), file=label,
                                  member=repr(name), size=f"{member.file_size:,}", packed=f"{member.compress_size:,}")
    if total > limit("IMPORT_ZIP_MAX_BYTES"):
        raise SurveyFileError(gettext_noop("%(file)s unpacks to %(size)s bytes; at most %(most)s are accepted"),
                              file=label, size=f"{total:,}", most=f"{limit('IMPORT_ZIP_MAX_BYTES'):,}")


def extract_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, destination: Path) -> Path:
    """Copy one checked member to `destination` (a name the caller chose),
    counting bytes as they come: a member's declared size could lie."""
    budget = member.file_size
    with archive.open(member) as source, open(destination, "wb") as out:
        while chunk := source.read(1024 * 1024):
            budget -= len(chunk)
            if budget < 0:
                raise SurveyFileError(gettext_noop("%(member)s is larger than the archive says; refused"),
                                      member=repr(member.filename))
            out.write(chunk)
    return destination
