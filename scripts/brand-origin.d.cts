export declare const DEV_ORIGIN: string;
export declare function brandBase(value: string | undefined): string;
export declare function rewriteOrigin(text: string, base: string): string;
