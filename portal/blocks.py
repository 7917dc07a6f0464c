"""StreamField blocks shared by every free-form page body (one template per block)."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="标题")
    level = blocks.ChoiceBlock(choices=[("h2", "二级标题"), ("h3", "三级标题")], default="h2", label="级别")

    class Meta:
        icon = "title"
        label = "小标题"
        template = "components/blocks/heading_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="文件")
    title = blocks.CharBlock(label="显示名称", required=False)

    class Meta:
        icon = "doc-full"
        label = "附件"
        template = "components/blocks/document_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label="段落", features=["bold", "italic", "link", "ol", "ul", "h3"])
    image = ImageBlock(label="图片")
    table = blocks.StructBlock(
        [("caption", blocks.CharBlock(label="表格标题")),
         ("rows", blocks.ListBlock(blocks.ListBlock(blocks.CharBlock(required=False), label="行"), label="表格行"))],
        label="表格", template="components/blocks/table_block.html", icon="table",
    )
    document = DocumentLinkBlock()
