import { foldForSearch } from '@kiosk-pulse/database';

describe('foldForSearch', () => {
  it('ignores accents, tone marks and their placement', () => {
    expect(foldForSearch('Phường Hòa Hưng')).toBe('phuong hoa hung');
    expect(foldForSearch('Phường Hoà Hưng')).toBe('phuong hoa hung');
    expect(foldForSearch('Đặc khu Côn Đảo')).toBe('dac khu con dao');
    expect(foldForSearch('Ho\u0300a')).toBe('hoa');
  });
});
