/* W1 (../shared/bench/README.md) written with libxlsxwriter, the peer of our XLSX writer.
 * Usage: write_w1 OUTPUT.xlsx shared|constant ROWS
 * Built by the benchmark: cc -O2 write_w1.c -lxlsxwriter */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s OUTPUT shared|constant ROWS\n", argv[0]); return 2; }
    lxw_workbook_options options = {0};
    options.constant_memory = strcmp(argv[2], "constant") == 0 ? LXW_TRUE : LXW_FALSE;
    long rows = atol(argv[3]);
    lxw_workbook *book = workbook_new_opt(argv[1], &options);
    lxw_worksheet *sheet = workbook_add_worksheet(book, "data");
    lxw_format *date = workbook_add_format(book);
    format_set_num_format(date, "yyyy-mm-dd");
    const char *header[12] = {"序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "网站", "两微一端", "公示栏", "金额", "日期", "备注"};
    const char *categories[7] = {"机构信息", "政策法规", "政务服务", "行政执法信息", "财务信息", "互动交流", "综合管理"};
    for (int c = 0; c < 12; c++) worksheet_write_string(sheet, 0, c, header[c], NULL);
    char buffer[128];
    const double base = 45658; /* 2025-01-01 */
    for (long r = 1; r <= rows; r++) {
        lxw_row_t row = (lxw_row_t)r;
        worksheet_write_number(sheet, row, 0, (double)r, NULL);
        worksheet_write_string(sheet, row, 1, categories[r % 7], NULL);
        snprintf(buffer, sizeof buffer, "二级事项%ld", r % 97);
        worksheet_write_string(sheet, row, 2, buffer, NULL);
        snprintf(buffer, sizeof buffer, "1. 机构概况 2. 主要职能 3. 内设机构 第%ld条", r);
        worksheet_write_string(sheet, row, 3, buffer, NULL);
        worksheet_write_string(sheet, row, 4, "自信息形成或者变更之日起20个工作日内", NULL);
        worksheet_write_string(sheet, row, 5, "隶属海关", NULL);
        worksheet_write_string(sheet, row, 6, r % 2 == 1 ? "☑" : "☐", NULL);
        worksheet_write_string(sheet, row, 7, r % 3 == 0 ? "☑" : "☐", NULL);
        worksheet_write_boolean(sheet, row, 8, r % 5 == 0, NULL);
        worksheet_write_number(sheet, row, 9, r * 1.25, NULL);
        worksheet_write_number(sheet, row, 10, base + (double)(r % 700), date);
        if (r % 4 == 0) {
            snprintf(buffer, sizeof buffer, "备注 %ld", r);
            worksheet_write_string(sheet, row, 11, buffer, NULL);
        }
    }
    lxw_error error = workbook_close(book);
    if (error != LXW_NO_ERROR) { fprintf(stderr, "libxlsxwriter: %s\n", lxw_strerror(error)); return 1; }
    return 0;
}
