"""The one safe-zip guard: every zip the app reads (a bulk upload, a .docx or .odt, a .qdpx, an .xlsx) is
opened here and held to one set of limits from settings.

The header of a zip says how large each member unpacks, but a crafted archive can lie: the guard counts
the bytes while it inflates them, in chunks, and stops at the limit, so a bomb is refused without being
held in memory. `SafeZip.check()` inflates every member once (keeping nothing) before a library that opens
the package itself (python-docx, odfpy, openpyxl) is handed the bytes.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings

CHUNK = 64 * 1024
# A member of over 1 MB that claims to unpack to more than 200 times its packed size is refused before it is
# inflated: text and XML pack 3 to 20 times (the REFI-QDA samples and our DOCX/ODT fixtures); a bomb packs
# 1,000 times and more.
BOMB_RATIO, BOMB_FROM = 200, 2**20


class ArchiveError(ValueError):
    """A zip that is refused as a whole; the message is for the researcher."""


class BadArchive(ArchiveError):
    """No zip at all, or one whose directory is damaged (a reader may say so in its own words)."""


class MemberError(ArchiveError):
    """One member that is refused (too large once unpacked, or damaged); the other members may be read."""


def megabytes(size):
    return f"{size // 2**20} MB" if size >= 2**20 else f"{size} bytes"


@dataclass(frozen=True)
class Limits:
    members: int  # files in the archive (folders not counted)
    unpacked: int  # bytes of all members together, once unpacked
    member: int  # bytes of one member once unpacked

    @classmethod
    def from_settings(cls):
        return cls(settings.IMPORT_MAX_FILES, settings.IMPORT_MAX_UNPACKED_BYTES, settings.ARCHIVE_MAX_MEMBER_BYTES)


class SafeZip:
    """A zip opened from a binary file object, bounded by `limits` (by default those of settings).

    `skip(name)` names members that are neither counted nor read (such as macOS's __MACOSX folder).
    Raises BadArchive for what is no zip, ArchiveError for too many members or a total too large.
    """

    def __init__(self, file, limits=None, what="zip-bestand", skip=None):
        self.limits, self.what, self.unpacked = limits or Limits.from_settings(), what, 0
        try:
            self.zip = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise BadArchive(f"Dit {what} is beschadigd of geen zip-bestand.") from None
        self.members = [i for i in self.zip.infolist() if not i.is_dir() and not (skip and skip(i.filename))]
        try:
            if len(self.members) > self.limits.members:
                raise ArchiveError(
                    f"Het {what} bevat {len(self.members)} bestanden; het maximum is {self.limits.members}."
                )
            if sum(info.file_size for info in self.members) > self.limits.unpacked:  # honest headers: refused early
                raise self.too_large()
        except ArchiveError:
            self.zip.close()
            raise

    def too_large(self):
        return ArchiveError(f"Het {self.what} is uitgepakt groter dan {megabytes(self.limits.unpacked)}.")

    def read(self, info, keep=True):
        """The unpacked bytes of member `info` (None when not `keep`), counted while inflating: MemberError
        past the member limit or when damaged, ArchiveError when all read so far pass the total limit."""
        chunks, size = [], 0
        if info.file_size > BOMB_FROM and info.file_size > BOMB_RATIO * max(info.compress_size, 1):
            raise MemberError(f"‘{info.filename}’ is verdacht sterk ingepakt (mogelijk een zip-bom).")
        try:
            with self.zip.open(info) as member:
                while chunk := member.read(min(CHUNK, self.limits.member + 1 - size)):
                    size += len(chunk)
                    if size > self.limits.member:
                        raise MemberError(
                            f"‘{info.filename}’ is uitgepakt groter dan toegestaan ({megabytes(self.limits.member)})."
                        )
                    if self.unpacked + size > self.limits.unpacked:
                        raise self.too_large()
                    if keep:
                        chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, RuntimeError, ValueError) as error:
            if isinstance(error, ArchiveError):
                raise
            raise MemberError(f"‘{info.filename}’ in het {self.what} is beschadigd of versleuteld.") from None
        self.unpacked += size
        return b"".join(chunks) if keep else None

    def check(self):
        """Inflate every member once, keeping nothing: ArchiveError (or MemberError) when one is out of bounds."""
        for info in self.members:
            self.read(info, keep=False)
        return self

    def close(self):
        self.zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
