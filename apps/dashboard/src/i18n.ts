/*
 * Vietnamese first; English on request. The Vietnamese text is the key: the page is written in
 * Vietnamese, and in English mode each marked text is looked up here (unknown ones stay as they are).
 */
export type Language = 'vi' | 'en';

const LANGUAGE_KEY = 'kioskPulse.language';

const ENGLISH: Record<string, string> = {
  'Đăng nhập': 'Sign in',
  'Toàn thành phố — hôm nay': 'Whole city — today',
  'Toàn thành phố': 'Whole city',
  'Mọi lứa tuổi': 'All ages',
  'Hàng đợi sự kiện': 'Event queue',
  'Thất bại lúc': 'Failed at',
  'Lần thử': 'Attempts',
  Lỗi: 'Error',
  'Đang chờ': 'Waiting',
  'Đang ghi': 'Writing',
  'Thất bại': 'Failed',
  'Thử lại': 'Retry',
  'Sự kiện': 'Events',
  'Nhóm tuổi': 'Age group',
  'hôm nay': 'today',
  'Phân tích': 'Analysis',
  'Bản đồ thành phố': 'City map',
  Kiosk: 'Kiosks',
  'Người dùng': 'Users',
  'Người dân được hỗ trợ': 'People reached',
  'Lượt hướng dẫn hoàn thành': 'Guides completed',
  'Tài khoản VNeID đã đăng ký': 'VNeID accounts registered',
  'Xếp hạng phường, xã hôm nay': 'Ward ranking today',
  'Mã truy cập cho tích hợp': 'API tokens for integrations',
  'Nhật ký thay đổi': 'Audit log',
  'Tên đăng nhập': 'User name',
  'Mật khẩu': 'Password',
  'Tìm phường, xã': 'Find a ward',
  'Tìm phường, xã…': 'Find a ward…',
  'Phạm vi': 'Scope',
  'Khoảng thời gian': 'Period',
  Từ: 'From',
  Đến: 'To',
  'Chỉ số': 'Metric',
  'Tên kiosk': 'Kiosk name',
  'Phường, xã': 'Ward',
  'Vai trò': 'Role',
  Tên: 'Name',
  'Hôm nay': 'Today',
  '7 ngày': '7 days',
  '30 ngày': '30 days',
  'Tháng này': 'This month',
  'Tùy chọn': 'Custom',
  'Hướng dẫn hoàn thành': 'Guides completed',
  'Tài khoản VNeID': 'VNeID accounts',
  'Hôm nay (trực tiếp)': 'Today (live)',
  'Người dân': 'People',
  'Hướng dẫn': 'Guides',
  'Tài khoản': 'Accounts',
  '/10.000 dân': 'per 10,000 residents',
  'Từ 60 tuổi': 'Aged 60+',
  'Dân số (nguồn, ngày)': 'Population (source, date)',
  'Bắt đầu': 'Started',
  'Hoàn thành': 'Completed',
  'Bỏ dở': 'Abandoned',
  'Tỷ lệ hoàn thành': 'Completion rate',
  'Thời gian (trung vị)': 'Duration (median)',
  'Thời gian (90%)': 'Duration (90th percentile)',
  'Trạng thái': 'Status',
  'Lần cuối': 'Last seen',
  'Người dân hôm nay': 'People today',
  'Sự kiện đã lưu': 'Events stored',
  'Bị từ chối': 'Rejected',
  'Thao tác': 'Actions',
  'Thời gian': 'Time',
  'Người thực hiện': 'Who',
  'Hành động': 'Action',
  'Đối tượng': 'Target',
  'Người dân được hỗ trợ theo nhóm tuổi': 'People reached by age group',
  'Hướng dẫn hoàn thành theo nội dung': 'Guides completed by guide',
  'Theo giờ trong ngày': 'By hour of the day',
  'Xu hướng': 'Trend',
  'Người dân theo nhóm tuổi (nhóm dưới 5 người hiển thị “<5”)':
    'People by age group (groups under 5 people shown as “<5”)',
  'Đăng xuất': 'Sign out',
  'Tạo kiosk': 'Create kiosk',
  'Tạo người dùng': 'Create user',
  'Tạo mã (chỉ đọc)': 'Create token (read-only)',
  'Tổng quan': 'Overview',
  'Bản đồ': 'Map',
  'Ranh giới: bản đồ đơn giản hóa các đơn vị hành chính cấp xã từ 01/07/2025 (xem hcmc-wards.SOURCES.md).':
    'Boundaries: simplified map of the commune-level units from 1 July 2025 (see hcmc-wards.SOURCES.md).',
  'So sánh phường, xã': 'Ward comparison',
  'Người dân đến vào lúc nào (giờ × thứ)': 'When people come (hour × weekday)',
  'Tỷ lệ hoàn thành hướng dẫn': 'Guide completion',
  'Trên 10.000 dân': 'Per 10,000 residents',
  'Dưới 14': 'Under 14',
  'Không rõ': 'Unknown',
  'Dịch vụ công': 'Public services',
  'Tra cứu thủ tục': 'Procedure lookup',
  'Nhận diện lừa đảo': 'Scam awareness',
  Khác: 'Other',
  '● Trực tiếp': '● Live',
  'Đang kết nối lại…': 'Reconnecting…',
  'Phiên đăng nhập hết hạn': 'Session expired',
  'Quản trị': 'Administrator',
  'Cán bộ thành phố': 'City official',
  'Cán bộ phường/xã': 'Ward staff',
  'Sai tên đăng nhập hoặc mật khẩu.': 'Wrong user name or password.',
  'Tải CSV': 'Download CSV',
  'Theo từng kiosk': 'By kiosk',
  'Dân số phường, xã (cho tỷ lệ trên 10.000 dân)': 'Ward populations (for rates per 10,000 residents)',
  'Dân số': 'Population',
  Nguồn: 'Source',
  'Ngày số liệu': 'Figure date',
  Lưu: 'Save',
  'Cập nhật lúc': 'Updated at',
  'so với kỳ trước': 'against the previous period',
  'kỳ trước': 'previous period',
  'Bỏ qua đến nội dung': 'Skip to content',
  'Màn hình lớn': 'Wall screen',
  'Toàn màn hình': 'Full screen',
  'Tạm dừng xoay vòng': 'Pause rotation',
  'Thoát màn hình lớn': 'Leave wall screen',
  '← Danh sách kiosk': '← All kiosks',
  'Không tìm thấy kiosk này trong phạm vi của bạn.': 'There is no such kiosk in your scope.',
  'Hướng dẫn hoàn thành hôm nay': 'Guides completed today',
  'Tài khoản VNeID hôm nay': 'VNeID accounts today',
  '7 ngày qua, theo nhóm tuổi': 'Last 7 days, by age group',
  '7 ngày qua, theo hướng dẫn': 'Last 7 days, by guide',
  'Bảng số liệu': 'Data table',
  'Người dân theo nhóm tuổi': 'People by age group',
  Giờ: 'Hour',
  Thứ: 'Weekday',
};

export const language = (): Language => (localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'vi');

/** The text in the chosen language. */
export const t = (vietnamese: string): string =>
  language() === 'en' ? (ENGLISH[vietnamese] ?? vietnamese) : vietnamese;

/** Puts the page's marked texts, placeholders and labels into the chosen language. */
export function translatePage(): void {
  document.documentElement.lang = language();
  if (language() === 'vi') return;
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = t((element.textContent ?? '').replace(/\s+/g, ' ').trim());
  }
  for (const element of document.querySelectorAll<HTMLElement>('[placeholder], [aria-label]')) {
    for (const attribute of ['placeholder', 'aria-label']) {
      const text = element.getAttribute(attribute);
      if (text) element.setAttribute(attribute, t(text));
    }
  }
}

/** Switches language; the page reloads so every view is drawn again in it. */
export function switchLanguage(): void {
  localStorage.setItem(LANGUAGE_KEY, language() === 'en' ? 'vi' : 'en');
  location.reload();
}
