"""Private storage for applicants' uploads: outside the web root, never served by URL."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        super().__init__(location=settings.PRIVATE_MEDIA_ROOT, base_url=None, **kwargs)

    def url(self, name):
        raise NotImplementedError("私有文件只能通过权限校验的视图下载。")


private_storage = PrivateStorage()


def get_private_storage():
    # A callable, so migrations reference it by name and tests can point the root elsewhere.
    return private_storage
