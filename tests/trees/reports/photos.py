"""Photo files as phones send them: JPEGs with EXIF (camera, orientation,
GPS position), PNGs, and things that only pretend to be photos."""
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

SECRET_CAMERA = "SecretCam-Serial-4711"
GPS_LATITUDE = (42.0, 52.0, 12.5)


def jpeg_with_gps(width=640, height=480, *, orientation=1, name="tree.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", (width, height), (40, 160, 60))
    image.paste((200, 30, 30), (0, 0, width // 4, height // 4))  # a red corner, to see rotation
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = SECRET_CAMERA
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"taken at home, Toktogul st. 12")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def transparent_png(width=300, height=200) -> SimpleUploadedFile:
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("leaf.png", buffer.getvalue(), content_type="image/png")


def fake_photo(content=b"<?php system($_GET['c']); ?>", name="tree.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def truncated_jpeg() -> SimpleUploadedFile:
    whole = jpeg_with_gps().read()
    return SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2], content_type="image/jpeg")


def gif() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("P", (20, 20)).save(buffer, "GIF")
    return SimpleUploadedFile("anim.gif", buffer.getvalue(), content_type="image/gif")
