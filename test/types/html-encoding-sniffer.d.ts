/** html-encoding-sniffer ships no declarations; the tests use it as an independent judge of the HTML prescan. */
declare module 'html-encoding-sniffer' {
  function htmlEncodingSniffer(
    bytes: Uint8Array,
    options?: {
      xml?: boolean;
      transportLayerEncodingLabel?: string;
      defaultEncoding?: string;
      maxPrescanBytes?: number;
    },
  ): string;
  export default htmlEncodingSniffer;
}
