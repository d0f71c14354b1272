/*
 * Vietnamese first; English at a tap. The Vietnamese text is the key, as in the dashboard, but the
 * kiosk keeps its own table and its own choice: the dashboard open on the same tablet in English
 * does not switch the volunteer's screen.
 */
export type Language = 'vi' | 'en';

const LANGUAGE_KEY = 'kioskPulse.kiosk.language';

const ENGLISH: Record<string, string> = {
  'Tổ công nghệ số cộng đồng': 'Community digital technology team',
  'Hài lòng?': 'Satisfied?',
  'Cảm ơn!': 'Thank you!',
  'Người dân chạm một mặt (không bắt buộc).': 'The resident taps a face (optional).',
  'Hoàn tác': 'Undo',
  'Đã hoàn tác lượt vừa ghi.': 'The visit just recorded was undone.',
  'Không hoàn tác được. Hãy thử lại.': 'The visit could not be undone. Try again.',
  'Vừa ghi: nhóm tuổi {age}. Ghi nhầm? Có thể hoàn tác trong 2 phút.':
    'Just recorded: age group {age}. A mistake? It can be undone within 2 minutes.',
  'Kết quả': 'Outcomes',
  'Kiosk Pulse — Kiosk chuyển đổi số': 'Kiosk Pulse — Digital transformation kiosk',
  'Điểm hỗ trợ chuyển đổi số': 'Digital transformation help point',
  'Ghép nối kiosk': 'Pair this kiosk',
  'Nhập mã ghép nối do cán bộ phường cấp (8 ký tự, ví dụ K7MQ-9TXA), hoặc quét mã QR của mã đó.':
    'Type the pairing code that ward staff give you (8 characters, such as K7MQ-9TXA), or scan its QR code.',
  'Mã ghép nối': 'Pairing code',
  'Ghép nối': 'Pair',
  'Đang ghép nối…': 'Pairing…',
  'Quét mã QR': 'Scan the QR code',
  'Mã ghép nối gồm 8 chữ và số, dạng XXXX-XXXX.': 'A pairing code has 8 letters and digits, written XXXX-XXXX.',
  'Mã này không dùng được: có thể đã hết hạn (10 phút) hoặc đã được dùng. Hãy nhờ cán bộ phường cấp mã mới.':
    'This code cannot be used: it may have expired (10 minutes) or been used already. Ask ward staff for a new one.',
  'Đây không phải mã ghép nối: mã gồm 8 chữ và số, không có 0, 1, I, L hay O.':
    'This is not a pairing code: a code has 8 letters and digits, with no 0, 1, I, L or O.',
  'Thử quá nhiều lần. Hãy chờ một phút rồi thử lại.': 'Too many attempts. Wait a minute and try again.',
  'Không kết nối được máy chủ. Ghép nối cần mạng: hãy kiểm tra Wi-Fi rồi thử lại.':
    'Cannot reach the server. Pairing needs the network: check the Wi-Fi and try again.',
  'Máy chủ đang bận. Hãy thử lại sau ít phút.': 'The server is busy. Try again in a few minutes.',
  'Cần ghép nối lại': 'This kiosk must be paired again',
  'Máy chủ không nhận khóa của kiosk này nữa (kiosk đã bị thu hồi hoặc được cấp khóa mới).':
    'The server no longer accepts this kiosk’s key (the kiosk was revoked or given a new key).',
  'Hãy nhờ cán bộ phường cấp mã ghép nối mới.': 'Ask ward staff for a new pairing code.',
  '{n} bản ghi chưa gửi vẫn được giữ trên máy này và sẽ được gửi sau khi ghép nối lại.':
    '{n} records not yet sent are kept on this device and will be sent once it is paired again.',
  'Mọi bản ghi đã được gửi.': 'Every record has been sent.',
  'Khóa kiosk bị từ chối': 'Kiosk key refused',
  'Hướng camera vào mã QR ghép nối': 'Point the camera at the pairing QR code',
  Hủy: 'Cancel',
  'Không mở được camera. Hãy nhập mã.': 'The camera could not be opened. Type the code instead.',
  'Mã QR này không phải mã ghép nối kiosk.': 'This QR code is not a kiosk pairing code.',
  'Ai hỗ trợ người dân tại máy này?': 'Who helps residents at this device?',
  'Chọn một lần; có thể đổi trong Cài đặt.': 'Chosen once; it can be changed in Settings.',
  'Đoàn viên, tình nguyện viên': 'Youth union volunteer',
  'Công an': 'Police',
  'Cán bộ phường, xã': 'Ward staff',
  'Bắt đầu': 'Start',
  'Bấm khi có người dân cần hỗ trợ': 'Tap when a resident comes for help',
  'Đã ghi lượt hỗ trợ.': 'Visit recorded.',
  'Hôm nay máy này đã ghi {n} lượt.': 'This device has recorded {n} visits today.',
  'Đã ghép nối với {kiosk}.': 'Paired with {kiosk}.',
  'Người dân thuộc nhóm tuổi nào?': 'Which age group is the resident in?',
  'Dưới 14': 'Under 14',
  '75 trở lên': '75 and over',
  'Không rõ': 'Not known',
  'Đã hỗ trợ những gì?': 'What was done?',
  Đổi: 'Change',
  'Chạm để chọn, chạm lần nữa để bỏ.': 'Tap to choose, tap again to clear.',
  'Nhóm tuổi: {age}': 'Age group: {age}',
  'Hướng dẫn': 'Guides',
  'Tài khoản VNeID': 'VNeID account',
  'Dịch vụ công trực tuyến': 'Online public services',
  'Tra cứu thủ tục': 'Looking up a procedure',
  'Nhận diện lừa đảo': 'Recognising scams',
  'Việc khác': 'Something else',
  'Đã đăng ký tài khoản': 'Account registered',
  'Đã kích hoạt mức 2': 'Level 2 activated',
  Xong: 'Done',
  'Cài đặt': 'Settings',
  'Vai trò người hỗ trợ': 'Helper role',
  'Ngôn ngữ': 'Language',
  'Kiosk này': 'This kiosk',
  'Tên kiosk': 'Kiosk name',
  'Phường, xã': 'Ward',
  'Mã kiosk': 'Kiosk id',
  'Ghép nối lại': 'Pair again',
  'Quay lại': 'Back',
  'Tình trạng': 'Status',
  'Trực tuyến': 'Online',
  'Ngoại tuyến': 'Offline',
  'Không tới được máy chủ': 'Server out of reach',
  'Chờ gửi: {n}': 'To send: {n}',
  'Gửi lần cuối: {time}': 'Last sent: {time}',
  'Chưa gửi lần nào': 'Nothing sent yet',
  'Phiên bản {version}': 'Version {version}',
  'Đang ghi…': 'Recording…',
  'Không ghi được trên máy này. Hãy thử lại.': 'Could not record on this device. Try again.',
  'Người dân tự dùng (tự phục vụ)': 'Residents on their own (self-service)',
  'Hướng dẫn dùng dịch vụ số': 'Guides to digital services',
  'Từng bước, chữ to, có đọc to: VNeID, dịch vụ công, nhận diện lừa đảo.':
    'Step by step, in large type, read aloud if you wish: VNeID, public services, spotting scams.',
  'Máy không hỏi tên, số điện thoại hay số giấy tờ của bác.':
    'This kiosk never asks for your name, phone number or ID number.',
  'Bác bao nhiêu tuổi?': 'How old are you?',
  'Chỉ để đếm lượt hỗ trợ theo độ tuổi.': 'Only to count visits by age group.',
  'Không muốn trả lời': 'Rather not say',
  'Bác cần làm gì?': 'What would you like to do?',
  'Kết thúc': 'Finish',
  'Tiếp theo': 'Next',
  'Thoát hướng dẫn': 'Leave this guide',
  'Bước {n}/{total}': 'Step {n} of {total}',
  'Câu hỏi {n}/{total}': 'Question {n} of {total}',
  'Đọc to': 'Read aloud',
  'Bác chạm một mặt, nếu muốn.': 'Tap a face, if you like.',
  'Đúng rồi!': 'That’s right!',
  'Chưa đúng.': 'Not quite.',
  'Bác đã làm xong!': 'You have finished!',
  'Xem hướng dẫn khác': 'Another guide',
  'Máy chưa ghi được. Bác chạm lại một lần nữa.': 'The kiosk could not record that. Please tap again.',
};

export function language(): Language {
  return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'vi';
}

export function setLanguage(chosen: Language): void {
  localStorage.setItem(LANGUAGE_KEY, chosen);
  document.documentElement.lang = chosen;
  document.title = t('Kiosk Pulse — Kiosk chuyển đổi số');
}

/** The text in the chosen language, with `{name}` filled in from `values`. */
export function t(vietnamese: string, values: Record<string, string | number> = {}): string {
  const text = language() === 'en' ? (ENGLISH[vietnamese] ?? vietnamese) : vietnamese;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Numbers and times as the chosen language writes them. */
export const locale = (): string => (language() === 'en' ? 'en-GB' : 'vi-VN');
