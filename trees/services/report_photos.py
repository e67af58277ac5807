"""Photos attached to citizen reports. A photo is accepted only if it decodes
as a real image of an allowed format and size; it is then re-encoded from
its pixels, which leaves every piece of metadata behind (EXIF, GPS position,
camera serial, XMP, comments), and a thumbnail is made."""
from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from trees.services.errors import InvalidValue

# Only decoders a phone's camera or a browser produce; the rarely used ones
# (PSD, FITS, PDF...) are where Pillow's parsing bugs have lived.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000
DEFAULT_LONG_SIDE_PX = 2048
DEFAULT_THUMBNAIL_PX = 320
JPEG_QUALITY = 85


@dataclass(frozen=True)
class ProcessedPhoto:
    """A photo ready to store: both files are metadata-free JPEGs."""

    photo: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, "GREENMAP", {}).get(name, default))


def max_photo_bytes() -> int:
    return _limit("REPORT_PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES)


def process_report_photo(upload, *, field: str = "photo") -> ProcessedPhoto:
    """Validate an uploaded photo and re-encode it without metadata, as a
    JPEG no larger than REPORT_PHOTO_LONG_SIDE_PX on its long side, plus a
    thumbnail. Raises `InvalidValue(field=...)` saying what is wrong."""
    limit = max_photo_bytes()
    size = getattr(upload, "size", None)
    if size is None:
        raise InvalidValue("expected an uploaded file", field=field)
    if size > limit:
        raise InvalidValue(f"the photo is {_readable(size)}; the limit is {_readable(limit)}", field=field)
    if size == 0:
        raise InvalidValue("the photo file is empty", field=field)
    data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
    image = _decode(data, field=field)
    image = ImageOps.exif_transpose(image)  # keep the picture upright once EXIF orientation is gone
    image = _as_rgb(image)
    long_side = _limit("REPORT_PHOTO_LONG_SIDE_PX", DEFAULT_LONG_SIDE_PX)
    image.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    thumbnail = image.copy()
    side = _limit("REPORT_PHOTO_THUMBNAIL_PX", DEFAULT_THUMBNAIL_PX)
    thumbnail.thumbnail((side, side), Image.Resampling.LANCZOS)
    return ProcessedPhoto(photo=ContentFile(_jpeg(image)), thumbnail=ContentFile(_jpeg(thumbnail)),
                          width=image.width, height=image.height)


def _readable(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{size / 1024:.0f} KB"


def _decode(data: bytes, *, field: str) -> Image.Image:
    max_pixels = _limit("REPORT_PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS)
    try:
        # verify() checks the file's structure without decoding pixels; a
        # verified image cannot be used afterwards, so open it again.
        with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        width, height = image.size
        if width * height > max_pixels:
            raise InvalidValue(f"the photo is {width}×{height} pixels; at most {max_pixels // 1_000_000} megapixels "
                               "are accepted", field=field)
        image.load()
    except InvalidValue:
        raise
    except UnidentifiedImageError:
        raise InvalidValue(f"not a photo: the file is not a {', '.join(ACCEPTED_FORMATS)} image", field=field) from None
    except Image.DecompressionBombError:
        raise InvalidValue("the photo is too large to decode", field=field) from None
    except (OSError, SyntaxError, ValueError) as error:
        # Pillow reports truncated or corrupt files with these.
        raise InvalidValue(f"the photo is damaged and cannot be read ({error})", field=field) from None
    return image


def _as_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        # Transparent areas become white, not black, in a JPEG.
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # Pillow's JPEG writer falls back to `info` for comment, XMP and ICC
    # data; emptied, and with no exif= given, the new file carries pixels only.
    image.info = {}
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()
