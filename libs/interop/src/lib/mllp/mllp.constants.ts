/**
 * MLLP (Minimal Lower Layer Protocol, HL7 v2 Implementation Guide appendix C) frames each message as
 * <VT> message <FS><CR>. The bytes are fixed by the standard, so they live in one place.
 */
export const MLLP_START = 0x0b; // VT, start block
export const MLLP_END = 0x1c; // FS, end block
export const MLLP_TRAILER = 0x0d; // CR, sent right after FS
