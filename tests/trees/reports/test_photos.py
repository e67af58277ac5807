"""Photos: real images only, size-capped, re-encoded without metadata (GPS
included), turned upright, with a thumbnail; nothing kept when refused."""
import io

import pytest
from PIL import ExifTags, Image

from tests.trees.reports import photos
from trees.models import CitizenReport
from trees.services.errors import InvalidValue


def _open(field) -> tuple[Image.Image, bytes]:
    field.open("rb")
    data = field.read()
    field.close()
    return Image.open(io.BytesIO(data)), data


def test_photo_is_stored_without_gps_camera_or_comment(file_at):
    report = file_at(photo=photos.jpeg_with_gps())

    for stored in (report.photo, report.photo_thumbnail):
        image, data = _open(stored)
        assert image.format == "JPEG"
        assert not image.getexif(), stored.name
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "comment" not in image.info and "exif" not in image.info
        assert photos.SECRET_CAMERA.encode() not in data
        assert b"Toktogul" not in data


def test_photo_is_turned_upright_and_a_thumbnail_is_made(file_at):
    # Orientation 6: the camera was held sideways; viewers rotate 90°.
    report = file_at(photo=photos.jpeg_with_gps(640, 480, orientation=6))

    photo, _ = _open(report.photo)
    thumbnail, _ = _open(report.photo_thumbnail)
    assert photo.size == (480, 640)
    assert max(thumbnail.size) == 320 and thumbnail.size == (240, 320)
    assert report.photo.name.endswith(f"{report.tracking_code}.jpg")


def test_large_photo_is_scaled_down(file_at):
    report = file_at(photo=photos.jpeg_with_gps(4000, 3000))

    assert _open(report.photo)[0].size == (2048, 1536)


def test_transparent_png_becomes_a_jpeg_on_white(file_at):
    report = file_at(photo=photos.transparent_png())

    image, _ = _open(report.photo)
    assert image.format == "JPEG" and image.mode == "RGB"
    assert image.getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.parametrize("upload, message", [
    (photos.fake_photo(), "not a photo"),
    (photos.fake_photo(b""), "empty"),
    (photos.truncated_jpeg(), "damaged"),
    (photos.gif(), "not a photo"),
])
def test_files_that_are_not_usable_photos_are_refused(file_at, media_root, upload, message):
    with pytest.raises(InvalidValue, match=message) as error:
        file_at(photo=upload)

    assert error.value.field == "photo"
    assert not CitizenReport.objects.exists()
    assert not list(media_root.rglob("*.jpg"))


def test_photo_over_the_size_limit_is_refused_before_decoding(file_at, settings):
    settings.GREENMAP = {**settings.GREENMAP, "REPORT_PHOTO_MAX_BYTES": 1024}

    with pytest.raises(InvalidValue, match=r"the photo is \d+ KB; the limit is 1 KB") as error:
        file_at(photo=photos.jpeg_with_gps())

    assert error.value.field == "photo"
    assert not CitizenReport.objects.exists()


def test_photo_with_too_many_pixels_is_refused(file_at, settings):
    settings.GREENMAP = {**settings.GREENMAP, "REPORT_PHOTO_MAX_PIXELS": 100_000}

    with pytest.raises(InvalidValue, match="640×480 pixels") as error:
        file_at(photo=photos.jpeg_with_gps(640, 480))

    assert error.value.field == "photo"


def test_refused_report_leaves_no_photo_behind(file_at, media_root):
    with pytest.raises(InvalidValue):
        file_at(category="nonsense", photo=photos.jpeg_with_gps())
    with pytest.raises(InvalidValue):
        file_at(description="x" * 5000, photo=photos.jpeg_with_gps())

    assert not CitizenReport.objects.exists()
    assert not list(media_root.rglob("*"))
