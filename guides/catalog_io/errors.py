"""Error reporting shared by the readers, the validator and the importer."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    """One problem in one row: where it is (第 3 条 / 申请材料 工作表第 5 行), which field, why."""

    row: str
    field: str
    message: str

    def __str__(self):
        where = f"{self.row} · {self.field}" if self.field else self.row
        return f"{where}：{self.message}"


class CatalogImportError(Exception):
    """The file was rejected; `errors` lists every bad row, and nothing was saved."""

    def __init__(self, errors, header="导入失败，文件未导入（数据库没有任何改动）"):
        self.errors = list(errors)
        self.header = header
        super().__init__(self.report())

    def report(self):
        lines = [f"{self.header}，共 {len(self.errors)} 处错误："]
        lines += [f"  - {error}" for error in self.errors]
        return "\n".join(lines)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    departments_created: int = 0
    themes_created: int = 0
    warnings: list = field(default_factory=list)
    # Items left as they were because an editor's unpublished draft is waiting on them.
    conflicts: list = field(default_factory=list)

    def summary(self):
        text = f"导入完成：新建事项 {self.created} 个，更新事项 {self.updated} 个"
        if self.departments_created or self.themes_created:
            text += f"（新建部门 {self.departments_created} 个，新建主题 {self.themes_created} 个）"
        if self.conflicts:
            text += f"；{len(self.conflicts)} 个事项有未发布的编辑草稿，未更新（见下方冲突清单）"
        return text + "。"
