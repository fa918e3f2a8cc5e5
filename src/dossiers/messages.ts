import type { Language } from "../core/types.js";
import type { RatingValue } from "./ratings.js";

/**
 * Reply texts of the dossier feature, per language. Kept apart from src/core/messages so the
 * feature's wording is one file to review and translate.
 */
export interface DossierMessages {
  title: (code: string) => string;
  procedure: (name: string) => string;
  applicant: (masked: string) => string;
  status: (label: string) => string;
  received: (date: string) => string;
  due: (date: string) => string;
  dueEstimated: (date: string) => string;
  resultReady: (date: string) => string;
  returned: (date: string) => string;
  timeliness: {
    early: (days: number) => string;
    onTime: string;
    late: (days: number) => string;
    dueToday: string;
    remaining: (days: number) => string;
    overdue: (days: number) => string;
    waitingCitizen: string;
  };
  calendarUncertain: string;
  nextTitle: string;
  next: {
    registered: string;
    processing: string;
    supplement: (note: string | null) => string[];
    financial: (note: string | null) => string[];
    ready: string[];
    resultIs: (result: string) => string;
    returned: string;
    closed: (note: string | null) => string[];
  };
  deskLine: (name: string, address: string) => string;
  hoursLine: (hours: string) => string;
  closedToday: (reason: string, reopens: string) => string;
  weekend: string;
  phoneLine: (phone: string) => string;
  onlineLine: (url: string) => string;
  lateApology: string;
  historyTitle: string;
  historyLine: (date: string, label: string) => string;
  asOf: (time: string) => string;
  liveAsOf: (time: string) => string;
  unknownCode: (phone: string) => string[];
  unavailable: (phone: string) => string[];
  limited: (phone: string) => string[];
  needCode: string[];
  badCode: string[];
  pickFollowed: string;
  follow: string;
  unfollow: string;
  view: (code: string) => string;
  followed: string[];
  alreadyFollowing: string;
  followLimit: (limit: number) => string;
  unfollowed: (code: string) => string;
  notFollowing: string;
  whichToUnfollow: string;
  noticeTitle: (code: string) => string;
  noticeWas: (label: string) => string;
  noticeEnded: string;
  ratingQuestion: string;
  ratingLabels: Record<RatingValue, string>;
  ratingThanks: string;
  ratingAlready: string;
  askReason: string;
  skip: string;
  reasonThanks: string;
  choiceExpired: string;
  staffOnly: string;
  staffUsage: string[];
  staffUnknownCode: (code: string) => string;
  staffBadStatus: string;
  staffUpdated: (code: string, label: string, notices: number) => string;
  staffUnchanged: (code: string, label: string) => string;
}

const vi: DossierMessages = {
  title: (code) => `Hồ sơ ${code}`,
  procedure: (name) => `Thủ tục: ${name}`,
  applicant: (masked) => `Người nộp: ${masked}`,
  status: (label) => `Tình trạng: ${label}`,
  received: (date) => `Ngày tiếp nhận: ${date}`,
  due: (date) => `Ngày hẹn trả kết quả: ${date}`,
  dueEstimated: (date) => `Ngày hẹn trả dự kiến (theo thời hạn của thủ tục): ${date}`,
  resultReady: (date) => `Ngày có kết quả: ${date}`,
  returned: (date) => `Ngày trả kết quả: ${date}`,
  timeliness: {
    early: (days) => `Giải quyết sớm ${days} ngày làm việc so với ngày hẹn.`,
    onTime: "Giải quyết đúng hẹn.",
    late: (days) => `Giải quyết trễ ${days} ngày làm việc so với ngày hẹn.`,
    dueToday: "Hôm nay là ngày hẹn trả kết quả.",
    remaining: (days) => `Còn ${days} ngày làm việc đến ngày hẹn.`,
    overdue: (days) => `Đã quá hẹn ${days} ngày làm việc.`,
    waitingCitizen: "Thời gian chờ bạn bổ sung hoặc nộp nghĩa vụ tài chính không tính vào thời hạn giải quyết.",
  },
  calendarUncertain: "(Số ngày làm việc tính theo lịch nghỉ lễ dự kiến, có thể thay đổi khi Chính phủ công bố.)",
  nextTitle: "Việc cần làm",
  next: {
    registered: "Hồ sơ nộp trực tuyến đang chờ cán bộ kiểm tra và tiếp nhận. Nếu thiếu giấy tờ, bạn sẽ được thông báo.",
    processing: "Bạn chưa cần làm gì thêm. Hãy đến nhận kết quả vào ngày hẹn (nhớ mang Giấy tiếp nhận hồ sơ và hẹn trả kết quả).",
    supplement: (note) => [
      note ? `Giấy tờ cần bổ sung: ${note}` : "Phiếu yêu cầu bổ sung ghi rõ giấy tờ cần nộp thêm; nếu chưa nhận được phiếu, bạn gọi Bộ phận Một cửa.",
      "Bạn nộp bổ sung tại Bộ phận Một cửa (hoặc trực tuyến nếu hồ sơ nộp trực tuyến). Ngày hẹn trả sẽ được tính lại sau khi nhận đủ.",
    ],
    financial: (note) => [
      note ? `Nội dung: ${note}` : "Thông báo nghĩa vụ tài chính ghi rõ khoản phải nộp và nơi nộp.",
      "Sau khi nộp, bạn giữ chứng từ và báo Bộ phận Một cửa để hồ sơ được giải quyết tiếp.",
    ],
    ready: [
      "Kết quả đã sẵn sàng, bạn đến nhận tại Bộ phận Một cửa.",
      "Mang theo: Giấy tiếp nhận hồ sơ và hẹn trả kết quả; căn cước (CCCD); nếu nhờ người khác nhận thay thì cần văn bản ủy quyền.",
    ],
    resultIs: (result) => `Kết quả nhận được: ${result}`,
    returned: "Hồ sơ đã hoàn tất và kết quả đã được trả.",
    closed: (note) => [
      ...(note ? [`Ghi chú của cơ quan: ${note}`] : []),
      "Nếu cần biết thêm lý do hoặc muốn nộp lại, bạn liên hệ Bộ phận Một cửa.",
    ],
  },
  deskLine: (name, address) => `Nơi nhận: ${name}, ${address}`,
  hoursLine: (hours) => `Giờ làm việc: ${hours}`,
  closedToday: (reason, reopens) => `Hôm nay Bộ phận Một cửa nghỉ (${reason}); làm việc lại từ ${reopens}.`,
  weekend: "cuối tuần",
  phoneLine: (phone) => `Điện thoại: ${phone}`,
  onlineLine: (url) => `Nộp trực tuyến: ${url}`,
  lateApology:
    "Hồ sơ trễ hẹn: theo quy định, cơ quan giải quyết phải gửi bạn Phiếu xin lỗi và hẹn lại ngày trả kết quả. Nếu chưa nhận được, bạn có thể hỏi Bộ phận Một cửa.",
  historyTitle: "Các lần thay đổi",
  historyLine: (date, label) => `• ${date}: ${label}`,
  asOf: (time) => `Dữ liệu theo sổ theo dõi hồ sơ cập nhật lúc ${time}.`,
  liveAsOf: (time) => `Dữ liệu lấy từ hệ thống một cửa lúc ${time}.`,
  unknownCode: (phone) => [
    "Mình không tìm thấy hồ sơ với mã này.",
    `Bạn kiểm tra lại mã trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả. Hồ sơ mới nộp có thể chưa được cập nhật; cần hỗ trợ, bạn gọi Bộ phận Một cửa: ${phone}.`,
  ],
  unavailable: (phone) => [
    "Hệ thống quản lý hồ sơ đang không phản hồi nên mình chưa tra cứu được.",
    `Bạn thử lại sau ít phút, hoặc gọi Bộ phận Một cửa: ${phone}.`,
  ],
  limited: (phone) => [
    "Bạn đã tra cứu nhiều lần trong thời gian ngắn. Để bảo vệ thông tin hồ sơ, bạn vui lòng thử lại sau.",
    `Cần gấp, bạn gọi Bộ phận Một cửa: ${phone}.`,
  ],
  needCode: [
    "Để tra cứu hồ sơ, bạn gửi mã hồ sơ.",
    "Mã in ở phần đầu Giấy tiếp nhận hồ sơ và hẹn trả kết quả (dòng “Mã hồ sơ” hoặc “Số biên nhận”), có dạng như 000.00.15.H31-251002-0007 hoặc G09.20-20260609-0092637.",
  ],
  badCode: [
    "Mã hồ sơ bạn gửi chưa đúng dạng.",
    "Mã có dạng như 000.00.15.H31-251002-0007 hoặc G09.20-20260609-0092637; bạn kiểm tra lại trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
  ],
  pickFollowed: "Bạn đang theo dõi các hồ sơ sau, chọn hồ sơ muốn xem (hoặc gửi mã hồ sơ khác):",
  follow: "Theo dõi hồ sơ này",
  unfollow: "Bỏ theo dõi",
  view: (code) => `Xem ${code}`,
  followed: [
    "Đã theo dõi hồ sơ. Mỗi khi hồ sơ thay đổi tình trạng, mình sẽ nhắn bạn tại đây.",
    "Muốn dừng, bạn gõ “bỏ theo dõi hồ sơ”.",
  ],
  alreadyFollowing: "Bạn đang theo dõi hồ sơ này rồi.",
  followLimit: (limit) => `Bạn đang theo dõi ${limit} hồ sơ, mức tối đa. Hãy bỏ theo dõi một hồ sơ đã xong trước.`,
  unfollowed: (code) => `Đã bỏ theo dõi hồ sơ ${code}. Bạn vẫn tra cứu được bằng mã hồ sơ.`,
  notFollowing: "Bạn không theo dõi hồ sơ nào.",
  whichToUnfollow: "Bạn muốn bỏ theo dõi hồ sơ nào?",
  noticeTitle: (code) => `Hồ sơ ${code} có cập nhật`,
  noticeWas: (label) => `Trước đó: ${label}`,
  noticeEnded: "Hồ sơ đã kết thúc nên mình dừng theo dõi. Cảm ơn bạn!",
  ratingQuestion: "Bạn có hài lòng với việc giải quyết hồ sơ này không?",
  ratingLabels: { 3: "Rất hài lòng", 2: "Hài lòng", 1: "Không hài lòng" },
  ratingThanks: "Cảm ơn bạn đã đánh giá! Ý kiến của bạn giúp Bộ phận Một cửa phục vụ tốt hơn.",
  ratingAlready: "Bạn đã đánh giá hồ sơ này rồi. Cảm ơn bạn!",
  askReason: "Rất tiếc vì bạn chưa hài lòng. Bạn cho biết lý do trong một tin nhắn (không cần ghi thông tin cá nhân), hoặc chọn Bỏ qua.",
  skip: "Bỏ qua",
  reasonThanks: "Cảm ơn bạn, ý kiến đã được ghi nhận và chuyển tới Bộ phận Một cửa.",
  choiceExpired: "Lựa chọn này đã hết hạn. Bạn gửi lại mã hồ sơ để tra cứu nhé.",
  staffOnly: "Lệnh này chỉ dành cho cán bộ Bộ phận Một cửa.",
  staffUsage: [
    "Cập nhật tình trạng hồ sơ: /trangthai <mã hồ sơ> <mã tình trạng 1-10> [ghi chú]",
    "Ví dụ: /trangthai G09.20-20260609-0092637 5 Bổ sung bản sao giấy khai sinh",
    "1 đăng ký trực tuyến · 2 đã tiếp nhận · 3 không tiếp nhận · 4 đang giải quyết · 5 cần bổ sung · 6 nghĩa vụ tài chính · 7 rút hồ sơ · 8 dừng xử lý · 9 có kết quả · 10 đã trả kết quả",
  ],
  staffUnknownCode: (code) => `Không có hồ sơ ${code} trong sổ theo dõi. Hãy nhập sổ (npm run dossiers:import) trước.`,
  staffBadStatus: "Mã tình trạng phải là số từ 1 đến 10.",
  staffUpdated: (code, label, notices) => `Đã cập nhật hồ sơ ${code}: ${label}. Đã xếp ${notices} tin báo cho người theo dõi.`,
  staffUnchanged: (code, label) => `Hồ sơ ${code} đã ở tình trạng “${label}”, không có thay đổi.`,
};

const en: DossierMessages = {
  title: (code) => `Dossier ${code}`,
  procedure: (name) => `Procedure: ${name}`,
  applicant: (masked) => `Applicant: ${masked}`,
  status: (label) => `Status: ${label}`,
  received: (date) => `Received: ${date}`,
  due: (date) => `Appointment for the result: ${date}`,
  dueEstimated: (date) => `Expected result date (from the procedure's processing time): ${date}`,
  resultReady: (date) => `Result ready: ${date}`,
  returned: (date) => `Result returned: ${date}`,
  timeliness: {
    early: (days) => `Finished ${days} working day(s) before the appointment.`,
    onTime: "Finished on time.",
    late: (days) => `Finished ${days} working day(s) after the appointment.`,
    dueToday: "Today is the appointment date.",
    remaining: (days) => `${days} working day(s) left until the appointment.`,
    overdue: (days) => `${days} working day(s) past the appointment.`,
    waitingCitizen: "Time spent waiting for your supplement or payment does not count towards the processing time.",
  },
  calendarUncertain: "(Working days are counted with holidays not yet officially announced; the count may change.)",
  nextTitle: "What to do next",
  next: {
    registered: "Your online application is waiting to be checked and received by the desk. You will be told if anything is missing.",
    processing: "Nothing to do for now. Collect the result on the appointment date (bring your receipt).",
    supplement: (note) => [
      note ? `Documents asked for: ${note}` : "The supplement request lists the documents to add; if you have not received it, call the desk.",
      "Bring them to the one-stop desk (or upload them if you applied online). The appointment date is set again once the dossier is complete.",
    ],
    financial: (note) => [
      note ? `Details: ${note}` : "The notice of financial obligations says what to pay and where.",
      "After paying, keep the receipt and tell the desk so processing can continue.",
    ],
    ready: [
      "Your result is ready at the one-stop desk.",
      "Bring: the receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả); your ID card; a letter of authorisation if someone collects it for you.",
    ],
    resultIs: (result) => `You will receive: ${result}`,
    returned: "The dossier is complete and the result has been handed over.",
    closed: (note) => [...(note ? [`Office's note: ${note}`] : []), "For the reason or to apply again, contact the one-stop desk."],
  },
  deskLine: (name, address) => `Where: ${name}, ${address}`,
  hoursLine: (hours) => `Opening hours: ${hours}`,
  closedToday: (reason, reopens) => `The desk is closed today (${reason}); it opens again on ${reopens}.`,
  weekend: "weekend",
  phoneLine: (phone) => `Phone: ${phone}`,
  onlineLine: (url) => `Online: ${url}`,
  lateApology: "The dossier is late: the office must send you an apology letter with a new appointment date. If you have not received it, ask the desk.",
  historyTitle: "Changes",
  historyLine: (date, label) => `• ${date}: ${label}`,
  asOf: (time) => `From the dossier register as updated at ${time}.`,
  liveAsOf: (time) => `From the one-stop system at ${time}.`,
  unknownCode: (phone) => [
    "No dossier was found with this code.",
    `Please check the code on your receipt. A dossier filed very recently may not be listed yet; for help, call the one-stop desk: ${phone}.`,
  ],
  unavailable: (phone) => ["The dossier system is not answering right now.", `Please try again in a few minutes, or call the one-stop desk: ${phone}.`],
  limited: (phone) => [
    "You have looked up dossiers many times in a short while. To protect dossier information, please try again later.",
    `If it is urgent, call the one-stop desk: ${phone}.`,
  ],
  needCode: [
    "To check a dossier, send its code.",
    "It is printed at the top of your receipt (“Mã hồ sơ” or “Số biên nhận”) and looks like 000.00.15.H31-251002-0007 or G09.20-20260609-0092637.",
  ],
  badCode: ["That dossier code does not look right.", "It looks like 000.00.15.H31-251002-0007 or G09.20-20260609-0092637; please check your receipt."],
  pickFollowed: "You follow these dossiers; pick one to view (or send another code):",
  follow: "Follow this dossier",
  unfollow: "Stop following",
  view: (code) => `View ${code}`,
  followed: ["You now follow this dossier. I will message you here whenever its status changes.", "To stop, send “unfollow dossier”."],
  alreadyFollowing: "You already follow this dossier.",
  followLimit: (limit) => `You follow ${limit} dossiers, the most allowed. Stop following a finished one first.`,
  unfollowed: (code) => `You no longer follow dossier ${code}. You can still look it up by its code.`,
  notFollowing: "You do not follow any dossier.",
  whichToUnfollow: "Which dossier do you want to stop following?",
  noticeTitle: (code) => `Update on dossier ${code}`,
  noticeWas: (label) => `Before: ${label}`,
  noticeEnded: "The dossier is closed, so I have stopped following it. Thank you!",
  ratingQuestion: "Are you satisfied with how this dossier was handled?",
  ratingLabels: { 3: "Very satisfied", 2: "Satisfied", 1: "Dissatisfied" },
  ratingThanks: "Thank you for your rating! It helps the one-stop desk serve better.",
  ratingAlready: "You have already rated this dossier. Thank you!",
  askReason: "Sorry to hear that. Please tell us why in one message (no personal details needed), or choose Skip.",
  skip: "Skip",
  reasonThanks: "Thank you, your feedback has been recorded for the one-stop desk.",
  choiceExpired: "This choice has expired. Please send the dossier code again.",
  staffOnly: "This command is for one-stop desk staff only.",
  staffUsage: [
    "Set a dossier's status: /trangthai <dossier code> <status 1-10> [note]",
    "Example: /trangthai G09.20-20260609-0092637 5 Copy of the birth certificate",
    "1 registered online · 2 received · 3 not accepted · 4 processing · 5 supplement · 6 financial obligation · 7 withdrawn · 8 stopped · 9 result ready · 10 returned",
  ],
  staffUnknownCode: (code) => `Dossier ${code} is not in the register. Import the register first (npm run dossiers:import).`,
  staffBadStatus: "The status must be a number from 1 to 10.",
  staffUpdated: (code, label, notices) => `Dossier ${code} updated: ${label}. ${notices} notice(s) queued for followers.`,
  staffUnchanged: (code, label) => `Dossier ${code} is already “${label}”; nothing changed.`,
};

export function dossierMessages(language: Language): DossierMessages {
  return language === "en" ? en : vi;
}
