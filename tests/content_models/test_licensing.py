"""Licence compatibility for derivatives: every pair of the seven seeded licences."""

from django.test import SimpleTestCase

from content_models.licensing import (
    allows_reuse,
    attribution_text,
    check_derivative_licence,
    compatible_licences,
    derivative_rule,
    is_public_domain,
)
from content_models.models import Licence
from content_models.taxonomy_seed import LICENCES

CC0, BY, BY_SA, BY_NC, BY_NC_SA, BY_ND, BY_NC_ND = (row[0] for row in LICENCES)

# Creative Commons' adapter's-licence chart: original → licences its derivative may carry.
EXPECTED = {
    CC0: {CC0, BY, BY_SA, BY_NC, BY_NC_SA, BY_ND, BY_NC_ND},
    BY: {BY, BY_SA, BY_NC, BY_NC_SA, BY_ND, BY_NC_ND},
    BY_SA: {BY_SA},
    BY_NC: {BY_NC, BY_NC_SA, BY_NC_ND},
    BY_NC_SA: {BY_NC_SA},
    BY_ND: set(),
    BY_NC_ND: set(),
}


def seeded_licences(with_pks=False):
    """Unsaved Licence objects with the seeded flags (pks assigned when asked)."""
    return {
        name: Licence(
            pk=index + 1 if with_pks else None,
            name=name,
            url=url,
            allows_derivatives=derivatives,
            allows_commercial=commercial,
            share_alike=share_alike,
        )
        for index, (name, url, derivatives, commercial, share_alike) in enumerate(LICENCES)
    }


class LicenceCompatibilityTests(SimpleTestCase):
    def test_the_seven_seeded_licences_are_covered(self):
        self.assertEqual(set(EXPECTED), {row[0] for row in LICENCES})
        self.assertEqual(len(LICENCES), 7)

    def test_all_49_pairs(self):
        for with_pks in (False, True):
            licences = seeded_licences(with_pks)
            checked = 0
            for original_name, original in licences.items():
                for derivative_name, derivative in licences.items():
                    with self.subTest(
                        original=original_name, derivative=derivative_name, pks=with_pks
                    ):
                        verdict = check_derivative_licence(original, derivative)
                        expected = derivative_name in EXPECTED[original_name]
                        self.assertIs(verdict.allowed, expected)
                        self.assertIs(bool(verdict), expected)
                        if expected:
                            self.assertEqual(verdict.reason, "")
                        else:
                            self.assertIn(original_name, verdict.reason)
                        checked += 1
            self.assertEqual(checked, 49)

    def test_compatible_licences_keeps_candidate_order(self):
        licences = seeded_licences()
        candidates = list(licences.values())
        for name, original in licences.items():
            with self.subTest(original=name):
                names = [licence.name for licence in compatible_licences(original, candidates)]
                self.assertEqual(names, [n for n in licences if n in EXPECTED[name]])

    def test_reuse_is_refused_only_for_no_derivatives(self):
        for name, licence in seeded_licences().items():
            with self.subTest(licence=name):
                verdict = allows_reuse(licence)
                self.assertIs(verdict.allowed, name not in {BY_ND, BY_NC_ND})
                if not verdict:
                    self.assertIn("không cho phép tạo tác phẩm phái sinh", verdict.reason)

    def test_share_alike_reason_is_vietnamese(self):
        licences = seeded_licences()
        verdict = check_derivative_licence(licences[BY_SA], licences[BY])
        self.assertIn(
            "Giấy phép CC BY-SA 4.0 yêu cầu tác phẩm phái sinh giữ nguyên giấy phép chia sẻ "
            "tương tự",
            verdict.reason,
        )

    def test_non_commercial_reason_names_both_licences(self):
        licences = seeded_licences()
        verdict = check_derivative_licence(licences[BY_NC], licences[BY_SA])
        self.assertIn("phi thương mại", verdict.reason)
        self.assertIn(BY_NC, verdict.reason)
        self.assertIn(BY_SA, verdict.reason)

    def test_attribution_cannot_be_waived(self):
        licences = seeded_licences()
        verdict = check_derivative_licence(licences[BY], licences[CC0])
        self.assertIn("ghi công tác giả", verdict.reason)

    def test_public_domain_recognised_by_name(self):
        self.assertTrue(is_public_domain(Licence(name="CC0")))
        self.assertTrue(is_public_domain(Licence(name="cc0 1.0")))
        self.assertTrue(is_public_domain(Licence(name="Public Domain Mark 1.0")))
        self.assertFalse(is_public_domain(Licence(name="CC BY 4.0")))

    def test_derivative_rule_for_every_licence(self):
        licences = seeded_licences()
        rules = {name: derivative_rule(licence) for name, licence in licences.items()}
        self.assertIn("giữ nguyên giấy phép", rules[BY_SA])
        self.assertIn("phi thương mại", rules[BY_NC])
        self.assertIn("giữ nguyên giấy phép", rules[BY_NC_SA])
        self.assertIn("không cho phép", rules[BY_ND])
        self.assertIn("mọi giấy phép", rules[CC0])
        self.assertIn("ghi công", rules[BY])


class AttributionTextTests(SimpleTestCase):
    def test_title_author_source_licence(self):
        text = attribution_text(
            title="Phương trình bậc hai",
            authors=["Nguyễn Văn An", "Lò Thị Hoa"],
            centre="Trung tâm GDTX tỉnh Lào Cai",
            url="http://localhost/kho-hoc-lieu/lao-cai/phuong-trinh/",
            licence_name="CC BY 4.0",
            licence_url="https://creativecommons.org/licenses/by/4.0/",
        )
        self.assertEqual(
            text,
            "Phái sinh từ “Phương trình bậc hai” của Nguyễn Văn An, Lò Thị Hoa "
            "(Trung tâm GDTX tỉnh Lào Cai), nguồn: "
            "http://localhost/kho-hoc-lieu/lao-cai/phuong-trinh/, giấy phép CC BY 4.0 "
            "(https://creativecommons.org/licenses/by/4.0/).",
        )

    def test_centre_stands_in_for_missing_authors(self):
        text = attribution_text(
            title="Bài 1",
            authors=[],
            centre="Trung tâm học tập cộng đồng xã Tả Van",
            url="http://localhost/bai-1/",
            licence_name="CC0",
            licence_url="",
            derivative=False,
        )
        self.assertTrue(text.startswith("Bài học “Bài 1” của Trung tâm học tập cộng đồng"))
        self.assertTrue(text.endswith("giấy phép CC0."))
