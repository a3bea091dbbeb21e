/** Lambda's limit on a synchronous response payload: what a PRE or ACS response may weigh. */
export const lambdaResponseLimitBytes = 6 * 1024 * 1024;
