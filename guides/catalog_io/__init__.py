"""Catalogue import/export (事项目录导入导出): JSON arrays and .xlsx workbooks with Chinese headers.

Python API (used by the management commands, `setup_portal --demo` and the search benchmark):

    from guides.catalog_io import import_items, export_items, read_catalog_file, write_catalog_file
    result = import_items(list_of_dicts)      # raises CatalogImportError listing every bad row
"""

from .errors import CatalogImportError, ImportResult, RowError  # noqa: F401
from .exporter import export_items, item_to_dict  # noqa: F401
from .files import read_catalog_file, write_catalog_file  # noqa: F401
from .importer import department_code, import_items, validate_items  # noqa: F401


def import_catalog_file(path, user=None, progress=None):
    """Read a .json or .xlsx file and import it; one transaction, all-or-nothing."""
    items, labels = read_catalog_file(path)
    return import_items(items, row_labels=labels, user=user, progress=progress)
