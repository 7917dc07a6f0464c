"""Redaction of personal data in published text (docs/domain.md "## 投诉与信件")."""

import pytest

from citizens.redaction import find_personal_data, mask_address, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我的电话是13812345678，请回电", "我的电话是138****5678，请回电"),
        ("手机：138 1234 5678", "手机：138****5678"),
        ("手机：138-1234-5678。", "手机：138****5678。"),
        ("电话１３８１２３４５６７８", "电话138****5678"),
        ("电话１３８－１２３４－５６７８", "电话138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("拨打8613812345678", "拨打138****5678"),
    ],
)
def test_mobile_numbers_in_every_shape(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("座机0571-88881234", "座机0571-****1234"),
        ("(010)62345678", "010-****5678"),
        ("电话 0571 8888 1234 找我", "电话 0571-****1234 找我"),
        ("０５７１－８８８８１２３４", "0571-****1234"),
    ],
)
def test_landlines_keep_the_public_area_code(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("身份证330102199001011234", "身份证33*************234"),
        ("身份证33010219900101123x。", "身份证33*************23X。"),
        ("旧证330102900101123", "旧证33**********123"),
        ("3301 0219 9001 0112 3X", "33*************23X"),
        ("330102-19900101-1234", "33*************234"),
        ("３３０１０２１９９００１０１１２３４", "33*************234"),
        ("银行卡6222021234567890123", "银行卡62**************123"),
    ],
)
def test_id_numbers_keep_first_two_and_last_three(text, expected):
    assert redact(text) == expected


def test_email_and_plates():
    assert redact("邮箱 zhang.san@163.com 联系") == "邮箱 z****@163.com 联系"
    assert redact("邮箱ｚｓ＠ｑｑ．ｃｏｍ") == "邮箱z****@qq.com"
    assert redact("车牌浙A12345被贴条") == "车牌浙A*****被贴条"
    assert redact("新能源浙A·D12345") == "新能源浙A******"
    assert redact("教练车沪B1234学") == "教练车沪B*****"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我住在示范县城关镇人民路18号3单元502室，楼下很吵", "我住在示范县城关镇****，楼下很吵"),
        ("家在示范县城关镇幸福村三组，", "家在示范县城关镇****，"),
        ("北山街道曙光路1号", "北山街道****"),
        ("住幸福小区5栋2单元", "住****"),
        ("人民路18号附近积水", "****附近积水"),
    ],
)
def test_addresses_are_kept_to_township_level(text, expected):
    assert redact(text) == expected


def test_names_given_by_writer_and_introduced_in_text():
    assert redact("王小明反映，王小明的母亲", names=["王小明"]) == "王**反映，王**的母亲"
    assert redact("我叫张三丰，我反映") == "我叫张**，我反映"
    assert redact("姓名：李四。") == "姓名：李*。"
    # A one-character "name" is not a name: nothing would be left to read.
    assert redact("李先生来电", names=["李"]) == "李先生来电"


@pytest.mark.parametrize(
    "text",
    [
        "办理了3次都没办好，等了2个小时",
        "收费200元，2024年3月5日到窗口，排队30分钟",
        "建议增加周六延时服务，窗口2号人员态度好",
        "事项编号 11330100MB0000001X 的指南有误",
    ],
)
def test_ordinary_numbers_are_left_alone(text):
    # A 18-char unified social credit code carries letters; ordinary counts, dates and money stay.
    assert redact(text) == text


def test_findings_name_their_kind_and_do_not_overlap():
    text = "我叫张三，电话13812345678，身份证330102199001011234，住城关镇人民路8号"
    kinds = [f.kind for f in find_personal_data(text)]
    assert kinds == ["姓名", "手机号码", "身份证号码", "地址"]
    spans = find_personal_data(text)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))


def test_redaction_is_idempotent_and_keeps_chinese_punctuation():
    once = redact("电话：１３８１２３４５６７８（白天），地址：城关镇人民路8号。")
    assert redact(once) == once
    assert "：" in once and "（" in once and "。" in once


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("示范县城关镇人民路18号", "示范县城关镇****"),
        ("浙江省杭州市西湖区北山街道曙光路1号", "浙江省杭州市西湖区北山街道****"),
        ("人民路幸福小区3栋", "****"),
        ("示范县城关镇", "示范县城关镇"),
        ("", ""),
    ],
)
def test_mask_address_field(address, expected):
    assert mask_address(address) == expected
