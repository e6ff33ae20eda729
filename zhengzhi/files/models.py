"""Uploaded photos and documents.

The bytes live under settings.MEDIA_ROOT with random names and are never under a public URL: the
`files:serve` view checks, for every request, that the user may see the file's unit (and whatever
stricter rule the owning app registered in files/scope.py).
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    IMAGE = "image", _("Photo")
    DOCUMENT = "document", _("Document")


class StoredFile(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind.choices)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    # Of the stored bytes (after re-encoding), so a backup or an audit can check the file on disk.
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    path = models.CharField(_("path"), max_length=300, unique=True)  # relative to MEDIA_ROOT
    thumb_path = models.CharField(_("thumbnail path"), max_length=300, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the file belongs to (a problem, an inspection...). Empty until the owning object exists:
    # a phone uploads the photos first, then submits the form that creates the problem.
    owner_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")
    # What the file is for on its owner, e.g. "before" / "after" for rectification evidence.
    purpose = models.CharField(_("purpose"), max_length=30, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        indexes = [
            models.Index(fields=["owner_type", "owner_id"], name="file_owner"),
            models.Index(fields=["uploaded_by", "created_at"], name="file_uploader_created"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind == FileKind.IMAGE

    @property
    def download_name(self) -> str:
        """Images are re-encoded as JPEG, so their name says so."""
        if not self.is_image:
            return self.original_name
        stem = (
            self.original_name.rsplit(".", 1)[0]
            if "." in self.original_name
            else self.original_name
        )
        return f"{stem or 'photo'}.jpg"
