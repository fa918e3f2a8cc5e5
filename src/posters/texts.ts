/** Every word printed on a poster, in one place (Vietnamese: posters are for citizens). */
export const posterTexts = {
  procedureLabel: (topic: string) => `THỦ TỤC HÀNH CHÍNH · ${topic.toLocaleUpperCase("vi")}`,
  codeLine: (code: string, shortCode: string) => `Mã thủ tục: ${code} · Mã ngắn: ${shortCode}`,
  documentsTitle: "GIẤY TỜ CẦN CHUẨN BỊ",
  conditionalDocuments: (count: number) =>
    `Tùy trường hợp có thể cần thêm ${count} giấy tờ khác: hỏi bot hoặc cán bộ.`,
  moreDocuments: (count: number) => `… và ${count} giấy tờ khác: hỏi bot hoặc cán bộ.`,
  feeTitle: "LỆ PHÍ",
  timeTitle: "THỜI GIAN GIẢI QUYẾT",
  sameDay: "Trong ngày",
  whereTitle: "NƠI NỘP HỒ SƠ",
  hours: "Giờ làm việc:",
  phone: (phone: string) => `Điện thoại: ${phone}`,
  online: { full: "Nộp trực tuyến toàn trình:", partial: "Nộp trực tuyến một phần:" },
  askTitle: "HỎI BOT VỀ THỦ TỤC NÀY",
  telegram: "TELEGRAM",
  telegramHow: "Quét mã: mở ngay thủ tục này",
  zalo: "ZALO",
  zaloHow: "Quét mã để mở Zalo, rồi gửi:",
  alsoTelegram: (shortCode: string) => `hoặc gửi ${shortCode} trong Telegram`,
  reviewed: (date: string) => `Thông tin rà soát ngày ${date}. Chi tiết, trường hợp riêng: hỏi bot hoặc cán bộ Bộ phận Một cửa.`,
  unverified: "Một số thông tin chưa được đối chiếu với văn bản gốc: hãy hỏi lại cán bộ trước khi nộp.",
  sampleOffice: "MẪU: tên, địa chỉ, giờ làm việc và số điện thoại của văn phòng là dữ liệu mẫu, chưa phải thông tin thật.",
  indexTitle: "DANH MỤC THỦ TỤC HÀNH CHÍNH",
  indexHow: (example: string) =>
    `Gửi mã ngắn (ví dụ: ${example}) cho bot để xem giấy tờ, lệ phí, thời gian và nơi nộp của thủ tục.`,
  indexQr: { zalo: "Quét mã để mở bot trên Zalo", telegram: "Quét mã để mở bot trên Telegram" },
  indexTelegram: (link: string) => `Telegram: ${link}`,
  indexContinued: "(tiếp theo)",
  indexFooter: (count: number, date: string) => `${count} thủ tục. Thông tin rà soát đến ngày ${date}.`,
  page: (page: number, pages: number) => `Trang ${page}/${pages}`,
};

/** "2026-11-26" → "26/11/2026", as dates are written in Vietnam. */
export function vietnameseDate(iso: string): string {
  const [year, month, day] = iso.split("-");
  return `${day}/${month}/${year}`;
}
