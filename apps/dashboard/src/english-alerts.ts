/*
 * The English of the Cảnh báo page (issue 17's alerts), kept apart from i18n.ts so the helpers
 * adding pages at the same time do not edit one table. The incidents' messages stay Vietnamese:
 * they are what the e-mail and the webhook said.
 */
export const ENGLISH_ALERTS: Record<string, string> = {
  // 'Cảnh báo' itself is the kiosk page's 'Warnings' (i18n.ts): one Vietnamese text, one English.
  'Kiosk không hoạt động trong giờ mở cửa hoặc ngày hội, phường chậm tiến độ chỉ tiêu, lượt sử dụng giảm đột ngột so với cùng giờ các tuần trước. Mỗi sự cố gửi một thông báo khi mở và một khi hết, qua e-mail và webhook.':
    'A kiosk silent during opening hours or a kiosk day, a ward behind a target’s pace, visits dropping suddenly against the same hour of the weeks before. Each incident sends one message when it opens and one when it clears, by e-mail and webhook.',
  'Hiển thị': 'Show',
  'Tất cả': 'All',
  'Đang mở': 'Open',
  'Đã hết': 'Cleared',
  'Quy tắc cảnh báo': 'Alert rules',
  'Thêm quy tắc cảnh báo': 'Add an alert rule',
  Loại: 'Kind',
  'Giờ yên lặng từ (giờ TP.HCM)': 'Quiet hours from (Ho Chi Minh City time)',
  đến: 'to',
  'E-mail nhận (cách nhau bằng dấu phẩy)': 'E-mail recipients (separated by commas)',
  'Webhook (http:// hoặc https://)': 'Webhook (http:// or https://)',
  'Thêm quy tắc': 'Add rule',
  'Kiosk không hoạt động': 'Kiosk silent',
  'Chậm tiến độ chỉ tiêu': 'Behind a target’s pace',
  'Lượt sử dụng giảm đột ngột': 'Sudden drop in visits',
  'Trạng thái': 'Status',
  'Nội dung': 'Message',
  'Mở lúc': 'Opened',
  'Hết lúc': 'Cleared at',
  'Thông báo': 'Messages',
  'Không có cảnh báo nào.': 'No alerts.',
  'Chưa có quy tắc cảnh báo nào.': 'No alert rules yet.',
  'Giờ yên lặng': 'Quiet hours',
  Bật: 'On',
  Tắt: 'Off',
  mở: 'opened',
  hết: 'cleared',
  'đang gửi': 'sending',
  'đã gửi': 'sent',
  'không gửi được': 'not delivered',
  'Đã thêm quy tắc {kind} cho {ward}.': 'Added the rule {kind} for {ward}.',
  'Khóa ký webhook (chỉ hiện một lần): {secret}': 'Webhook signing secret (shown this once): {secret}',
  'Xóa quy tắc {kind}?': 'Delete the rule {kind}?',
  'Các cảnh báo của quy tắc này cũng bị xóa.': 'The rule’s alerts are deleted with it.',
};
