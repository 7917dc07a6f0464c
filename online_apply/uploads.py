"""Applicants' uploads: checked by content, limited in size, streamed to private storage.

docs/domain.md ("办件引擎: 材料文件"; 等保 level 3): uploads are checked by content, stored
outside the web root and served only to those entitled. A file is accepted only when its bytes say it is a PDF, JPEG or PNG
(the extension the applicant gave it counts for nothing), it fits the per-file and per-case
limits, and (when CLAMD_SOCKET is set) ClamAV finds nothing. A rejected file leaves nothing
behind: no CaseMaterial row and no file in private storage.

Big uploads arrive as Django TemporaryUploadedFile (FILE_UPLOAD_MAX_MEMORY_SIZE is 2 MB), and
every read here is a bounded chunk, so memory use does not grow with the file size.
"""

import hashlib
import os
import socket
import struct
import unicodedata
import uuid
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from casework.files import ALLOWED_TYPES
from casework.models import Case, CaseMaterial, CaseStatus
from casework.storage import get_private_storage

MAX_FILE_BYTES = 20 * 1024 * 1024
# A material may take several files (front and back of an ID card, a few photos).
MAX_FILES_PER_MATERIAL = 10
MAX_CASE_BYTES = 100 * 1024 * 1024
CHUNK_BYTES = 256 * 1024
# A PDF's %%EOF marker sits in its last kilobyte (the spec allows trailing whitespace/garbage).
PDF_TRAILER_WINDOW = 1024
DISPLAY_NAME_MAX = 120
CLAMD_TIMEOUT_SECONDS = 30

TYPE_MESSAGE = "只接受 PDF、JPG、PNG 格式的文件（按文件内容识别，修改扩展名无效），请转换格式后重新上传。"


class UploadRejected(Exception):
    """A file the applicant must fix; `message` is shown to them as is (Chinese)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Slot:
    """One upload slot: a listed material (or, for a correction item whose material row is
    gone, just its name). `key` names the form field."""

    key: str
    name: str
    material: object = None  # guides.Material or None
    condition: str = ""
    required: bool = False

    @classmethod
    def for_material(cls, material):
        return cls(key=f"m{material.pk}", name=material.name, material=material,
                   condition=material.condition, required=material.required)

    def current_files(self, case):
        """The case's current (non-superseded) rows filling this slot."""
        rows = case.materials.filter(superseded=False)
        if self.material is not None:
            return rows.filter(material=self.material)
        return rows.filter(material=None, material_name=self.name)


@dataclass
class CheckedUpload:
    """A file that passed the content checks and is ready to store for one slot."""

    slot: Slot
    upload: object  # django UploadedFile
    content_type: str
    extension: str
    display_name: str
    size: int


def display_name(name):
    """The original name, kept only as text to show: no path, no control characters."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    if len(name) > DISPLAY_NAME_MAX:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: DISPLAY_NAME_MAX - len(ext) - 1]}.{ext}" if dot and len(ext) <= 5 else name[:DISPLAY_NAME_MAX]
    return name or "未命名文件"


def _read_head_and_tail(fileobj, size):
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(max(0, size - PDF_TRAILER_WINDOW))
    tail = fileobj.read(PDF_TRAILER_WINDOW)
    fileobj.seek(0)
    return head, tail


def detect_type(upload):
    """(content_type, extension) from the file's bytes, or UploadRejected."""
    size = upload.size or 0
    if size == 0:
        raise UploadRejected("文件为空（0 字节），请选择正确的文件重新上传。")
    if size > MAX_FILE_BYTES:
        raise UploadRejected(
            f"文件大小为 {filesizeformat(size)}，超过单个文件 {filesizeformat(MAX_FILE_BYTES)} 的上限，请压缩或分页扫描后重新上传。"
        )
    head, tail = _read_head_and_tail(upload, size)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise UploadRejected(TYPE_MESSAGE)
    if kind.mime == "application/pdf" and not (head.startswith(b"%PDF-") and b"%%EOF" in tail):
        raise UploadRejected("PDF 文件不完整或已损坏（缺少文件头或结束标记），请重新导出后上传。")
    return kind.mime, ALLOWED_TYPES[kind.mime]


def _clamd_socket_path():
    return getattr(settings, "CLAMD_SOCKET", "") or os.environ.get("CLAMD_SOCKET", "")


def scan_for_viruses(upload):
    """ClamAV INSTREAM scan over clamd's Unix socket, when CLAMD_SOCKET is configured.

    The protocol is four lines of code; the `clamd` PyPI package that wraps it has been
    unmaintained since 2014 and imports pkg_resources, so it is not worth the dependency.
    A scanner that is configured but unreachable rejects the file (fail closed).
    """
    path = _clamd_socket_path()
    if not path:
        return
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(CLAMD_TIMEOUT_SECONDS)
            sock.connect(path)
            sock.sendall(b"zINSTREAM\0")
            upload.seek(0)
            for chunk in upload.chunks(CHUNK_BYTES):
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = sock.recv(4096).rstrip(b"\0").decode("utf-8", "replace")
    except OSError:
        raise UploadRejected("病毒扫描服务暂时不可用，文件未保存，请稍后重试。") from None
    finally:
        upload.seek(0)
    if not reply.endswith("OK"):
        raise UploadRejected("文件未通过病毒扫描，已拒收。请使用安全的设备重新生成文件后上传。")


def check_upload(slot, upload):
    """Every check that does not touch the database; raises UploadRejected."""
    content_type, extension = detect_type(upload)
    scan_for_viruses(upload)
    return CheckedUpload(
        slot=slot,
        upload=upload,
        content_type=content_type,
        extension=extension,
        display_name=display_name(upload.name),
        size=upload.size,
    )


class _HashingFile(File):
    """Hands storage the file in chunks and hashes each chunk on the way through."""

    def __init__(self, fileobj):
        super().__init__(fileobj)
        self.sha256 = hashlib.sha256()
        self.copied = 0

    def chunks(self, chunk_size=None):
        for chunk in super().chunks(chunk_size or CHUNK_BYTES):
            self.sha256.update(chunk)
            self.copied += len(chunk)
            yield chunk


def case_bytes(case, replaced_slots=()):
    """Bytes of the case's current (non-superseded) files, leaving out slots being replaced."""
    replaced = set()
    for slot in replaced_slots:
        replaced.update(slot.current_files(case).values_list("pk", flat=True))
    current = case.materials.filter(superseded=False).exclude(pk__in=replaced)
    return current.aggregate(total=Sum("size"))["total"] or 0


def _stored_name(extension):
    today = timezone.localdate()
    return f"cases/{today:%Y}/{today:%m}/{uuid.uuid4().hex}.{extension}"


def _retire_previous(case, slots, stale_files):
    """A draft's replaced file is deleted (never reviewed); later ones are kept as superseded."""
    for slot in slots:
        previous = slot.current_files(case)
        if case.status == CaseStatus.DRAFT:
            stale_files.extend(row.file.name for row in previous)
            previous.delete()
        else:
            previous.update(superseded=True)


def store_uploads(case, checked_uploads):
    """Store every checked file for `case` all together or not at all; returns the new rows.

    The files sent for a material slot replace its current files (all of them: a slot may hold
    several). The 100 MB case limit counts the case's current files after the replacement.
    Raises UploadRejected (nothing saved).
    """
    storage = get_private_storage()
    saved_names, stale_files, rows = [], [], []
    slots = list(dict.fromkeys(item.slot for item in checked_uploads))
    try:
        with transaction.atomic():
            # Lock the case so two concurrent uploads cannot both squeeze under the case limit.
            locked = Case.objects.select_for_update().get(pk=case.pk)
            # The views check the status before this, but without the lock: a submit from
            # another tab in between must not let files change after submission.
            if locked.status not in (CaseStatus.DRAFT, CaseStatus.CORRECTION):
                raise UploadRejected("该申请已提交，不能再更换材料。")
            incoming = sum(item.size for item in checked_uploads)
            if case_bytes(locked, slots) + incoming > MAX_CASE_BYTES:
                raise UploadRejected(
                    f"本件申请的材料合计不能超过 {filesizeformat(MAX_CASE_BYTES)}，"
                    f"当前已上传 {filesizeformat(case_bytes(locked, slots))}，"
                    f"本次 {filesizeformat(incoming)}。请压缩文件后重试。"
                )
            _retire_previous(locked, slots, stale_files)
            for item in checked_uploads:
                rows.append(_store_one(locked, item, storage, saved_names))
    except BaseException:
        for name in saved_names:
            storage.delete(name)
        raise
    # Delete replaced draft files only once the new rows are committed.
    transaction.on_commit(lambda: [storage.delete(name) for name in stale_files])
    return rows


def _store_one(case, item, storage, saved_names):
    item.upload.seek(0)
    content = _HashingFile(item.upload)
    name = storage.save(_stored_name(item.extension), content)
    saved_names.append(name)
    if content.copied != item.size:
        raise UploadRejected("文件上传不完整，请重新上传。")
    return CaseMaterial.objects.create(
        case=case,
        material=item.slot.material,
        material_name=item.slot.name,
        file=name,
        original_name=item.display_name,
        content_type=item.content_type,
        size=content.copied,
        sha256=content.sha256.hexdigest(),
    )


def accept_uploads(case, files_by_slot):
    """Check then store {Slot: UploadedFile or [UploadedFile, …]}; returns (rows, {slot.key: message}).

    Nothing is stored unless every file passes, so the applicant never ends up with half of
    what they just sent.
    """
    checked, errors = [], {}
    for slot, sent in files_by_slot.items():
        several = sent if isinstance(sent, (list, tuple)) else [sent]
        for upload in several:
            try:
                checked.append(check_upload(slot, upload))
            except UploadRejected as rejected:
                # With several files, say which one; one message per slot is enough.
                prefix = f"“{display_name(upload.name)}”：" if len(several) > 1 else ""
                errors.setdefault(slot.key, prefix + rejected.message)
    if errors or not checked:
        return [], errors
    try:
        return store_uploads(case, checked), {}
    except UploadRejected as rejected:
        return [], {item.slot.key: rejected.message for item in checked}
