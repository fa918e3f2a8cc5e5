import type { Procedure } from "../../src/catalog/schema.js";

/**
 * A large synthetic catalog for benchmarks: the real procedures plus generated ones from other
 * administrative fields whose names share the generic words of the real ones ("cấp",
 * "đăng ký", "giấy chứng nhận", "hộ gia đình"), as the national catalog's ~6,000 procedures
 * do. Seeded, so every run measures the same catalog.
 */
const FIELDS = [
  "xây dựng", "môi trường", "thủy sản", "giáo dục", "y tế", "giao thông", "văn hóa", "du lịch", "thể thao",
  "nông nghiệp", "lâm nghiệp", "thủy lợi", "khoáng sản", "tài nguyên nước", "điện lực", "viễn thông", "báo chí",
  "xuất bản", "tôn giáo", "thi đua khen thưởng", "lao động", "việc làm", "người có công", "trẻ em", "phòng chống",
  "thiên tai", "đê điều", "chăn nuôi", "thú y", "trồng trọt", "bảo vệ thực vật", "an toàn thực phẩm", "dược",
  "khám chữa bệnh", "quản lý công sản", "đấu thầu", "đầu tư", "hợp tác xã", "thương mại", "quảng cáo",
];
const ACTIONS = [
  "cấp", "cấp lại", "cấp đổi", "gia hạn", "điều chỉnh", "thu hồi", "công nhận", "xác nhận", "đăng ký", "thẩm định",
  "phê duyệt", "cho phép", "chấp thuận", "thông báo", "báo cáo", "kiểm tra", "giải quyết", "hỗ trợ", "miễn", "giảm",
];
const OBJECTS = [
  "giấy phép", "giấy chứng nhận", "chứng chỉ", "hồ sơ", "kế hoạch", "dự án", "hoạt động", "cơ sở", "tổ chức",
  "cá nhân", "hộ gia đình", "doanh nghiệp", "phương án", "đề án", "danh sách", "quyết định", "văn bản", "thông tin",
];

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function generateCatalog(real: readonly Procedure[], total: number, seed = 20261126): Procedure[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const generated: Procedure[] = [];
  for (let index = 0; generated.length + real.length < total; index++) {
    const base = real[index % real.length]!;
    const name = `${pick(ACTIONS)} ${pick(OBJECTS)} ${pick(FIELDS)} ${pick(FIELDS)}`.replace(/^./, (first) => first.toUpperCase());
    generated.push({
      ...base,
      id: `tt-${index}`,
      code: `9.${String(index).padStart(6, "0")}`,
      name,
      aliases: [`${pick(ACTIONS)} ${pick(OBJECTS)} ${pick(FIELDS)}`, `${pick(OBJECTS)} ${pick(FIELDS)}`],
      keywords: [pick(FIELDS), `${pick(OBJECTS)} ${pick(ACTIONS)}`, `${pick(FIELDS)} ${pick(OBJECTS)}`],
    });
  }
  return [...real, ...generated];
}
