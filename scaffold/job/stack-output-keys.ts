/** Output keys of gtkit's CloudFormation stack that carry the function ARNs. */
export const stackOutputKeys = { pre: 'PreAnnotationLambdaArn', acs: 'ConsolidationLambdaArn' } as const;
