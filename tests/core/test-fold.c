/*
 * test-fold.c - text folded for matching (fold.h): full-width forms, case
 * and spaces at the ends; Chinese untouched; invalid UTF-8 refused.
 */
#include "fold.h"
#include "../unit.h"

#include <string.h>

static void folds_to(const char *s, const char *want)
{
    char *got = vi_fold(s);
    if (!got || strcmp(got, want) != 0)
        FAIL("vi_fold(\"%s\"): expected \"%s\", got \"%s\"", s, want, got ? got : "(null)");
    g_free(got);
}

int main(void)
{
    folds_to("Concrete", "concrete");
    folds_to("\xe3\x80\x80\xef\xbc\xa3\xef\xbd\x8f\xef\xbd\x8e\xef\xbd\x83\xef\xbd\x92\xef\xbd\x85"
             "\xef\xbd\x94\xef\xbd\x85 ",
             "concrete"); /* U+3000 and full-width letters */
    folds_to(" 新建\t", "新建");
    folds_to("\xef\xbc\xa9\xef\xbc\xa4", "id");                           /* ＩＤ */
    folds_to("\xef\xbc\x92\xef\xbc\x90\xef\xbc\x91\xef\xbc\x99", "2019"); /* ２０１９ */
    folds_to("", "");
    folds_to("   ", "");
    if (vi_fold("\xb9\xab") != NULL)
        FAIL("vi_fold of GBK bytes: expected NULL");
    if (vi_fold(NULL) != NULL)
        FAIL("vi_fold(NULL): expected NULL");
    if (!vi_fold_equal("ASPHALT ", "asphalt") || vi_fold_equal("县道", "乡道"))
        FAIL("vi_fold_equal");
    return unit_result();
}
