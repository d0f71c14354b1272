-- The community digital technology teams (Tổ công nghệ số cộng đồng) help residents at kiosks
-- too, and the city counts their help apart from the youth volunteers'.
ALTER TYPE helper_role ADD VALUE 'community_digital_team';
